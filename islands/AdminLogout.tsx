/** Ends this browser's admin login (server-side too) and goes home. */
import { useSignal } from "@preact/signals";
import { callApi } from "../lib/auth/client.ts";

interface Props {
  /** The `auth.*` messages in the page's language. */
  messages: Record<string, string>;
}

export default function AdminLogout({ messages: m }: Props) {
  const busy = useSignal(false);
  const error = useSignal("");
  const logout = async () => {
    busy.value = true;
    const result = await callApi("/api/admin/logout", "POST", undefined, m["auth.ui.network"]);
    busy.value = false;
    // 401 means the login had already ended: either way it is over.
    if (result.ok || result.status === 401) location.assign("/");
    else error.value = result.message;
  };
  return (
    <div class="auth-admin-logout">
      <button type="button" class="button auth-quiet" onClick={logout} disabled={busy.value}>
        {m["auth.admin.logout"]}
      </button>
      <span class="auth-error" role="alert">{error.value}</span>
    </div>
  );
}

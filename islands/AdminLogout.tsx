/** Ends this browser's admin login (server-side too) and goes home. */
import { useSignal } from "@preact/signals";
import { ApiError, apiJson, errorText } from "../lib/client/api.ts";

interface Props {
  /** The `auth.*` messages in the page's language. */
  messages: Record<string, string>;
}

export default function AdminLogout({ messages: m }: Props) {
  const busy = useSignal(false);
  const error = useSignal("");
  const logout = async () => {
    busy.value = true;
    try {
      await apiJson("/api/admin/logout", "POST");
      location.assign("/");
    } catch (err) {
      // 401 means the login had already ended: either way it is over.
      if (err instanceof ApiError && err.status === 401) location.assign("/");
      else error.value = errorText(err, m["auth.ui.network"]);
    } finally {
      busy.value = false;
    }
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

/**
 * The admin login form: the password buys an 8-hour admin login on this browser. Wrong
 * passwords say so; too many lock the form for as long as the server says.
 */
import { useSignal } from "@preact/signals";
import { useLockout } from "../components/auth/lockout.ts";
import { apiJson, errorText } from "../lib/client/api.ts";
import { fill } from "../lib/i18n/format.ts";

interface Props {
  /** Where to go after logging in (a same-site path). */
  next: string;
  /** The `auth.*` messages in the page's language. */
  messages: Record<string, string>;
}

export default function AdminLogin({ next, messages: m }: Props) {
  const password = useSignal("");
  const error = useSignal("");
  const busy = useSignal(false);
  const lockout = useLockout();
  const locked = lockout.seconds.value > 0;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value || locked || !password.value) return;
    busy.value = true;
    error.value = "";
    try {
      await apiJson("/api/admin/login", "POST", { password: password.value });
      location.assign(next);
    } catch (err) {
      password.value = "";
      lockout.startFor(err);
      error.value = errorText(err, m["auth.ui.network"]);
    } finally {
      busy.value = false;
    }
  };

  return (
    <form class="auth-form" onSubmit={submit}>
      <label class="auth-field">
        <span>{m["auth.login.password"]}</span>
        <input
          type="password"
          name="password"
          autoComplete="current-password"
          required
          maxLength={1024}
          value={password.value}
          disabled={locked}
          autoFocus
          onInput={(e) => {
            password.value = e.currentTarget.value;
            error.value = "";
          }}
        />
      </label>
      <p class="auth-error" role="alert">
        {locked ? fill(m["auth.ui.locked"], { seconds: lockout.seconds.value }) : error.value}
      </p>
      <button type="submit" class="button" disabled={busy.value || locked}>
        {busy.value ? m["auth.ui.busy"] : m["auth.login.submit"]}
      </button>
    </form>
  );
}

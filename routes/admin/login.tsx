import AdminLogin from "../../islands/AdminLogin.tsx";
import { safeNext } from "../../lib/auth/mod.ts";
import { hearthCommand } from "../../lib/cli/command.ts";
import { messages } from "../../lib/i18n/mod.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/** `GET /admin/login?next=…`: the admin password, then on to `next` (default the admin home). */
export const handler = define.handlers({
  GET(ctx) {
    const next = safeNext(ctx.url.searchParams.get("next"), "/admin");
    // Already logged in: nothing to ask.
    if (ctx.state.admin) return ctx.redirect(next);
    return page(next);
  },
});

export default define.page<typeof handler>(function Login({ data: next, state: { t, locale } }) {
  return (
    <section class="panel auth-panel">
      <h1>{t("auth.login.title")}</h1>
      <p class="muted">{t("auth.login.text")}</p>
      <AdminLogin
        next={next}
        messages={{ ...messages(locale, "auth.login."), ...messages(locale, "auth.ui.") }}
      />
      <p class="muted">{t("auth.login.forgot", { command: hearthCommand("reset-password") })}</p>
    </section>
  );
});

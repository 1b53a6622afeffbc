import { z } from "zod";
import { HttpError } from "../../lib/http/errors.ts";
import { readForm } from "../../lib/http/validate.ts";
import { localizedMessage } from "../../lib/i18n/errors.ts";
import { hasSetupAccess, redeemSetupCode, setupStateOf } from "../../lib/setup/mod.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";
import { SetupFrame } from "../../components/setup/SetupFrame.tsx";

/** The wizard's own chrome, without the app's navigation (nothing else is open yet). */
export const config = { skipInheritedLayouts: true };

const CodeForm = z.object({ code: z.string().max(64).default("") });

interface Data {
  /** Why the last try failed, in the page's language. */
  error?: string;
}

/**
 * `/setup/code`: a browser on the LAN types the setup code that `hearth start` printed. A plain
 * form, so it works before any script loads; the right code sets the wizard cookie and goes on
 * to `/setup`, wrong codes are counted per client (429 after too many).
 */
export const handler = define.handlers({
  GET(ctx) {
    const state = setupStateOf(ctx.state.services);
    if (hasSetupAccess(ctx.req, ctx.info, state)) return ctx.redirect("/setup", 303);
    return page<Data>({});
  },
  async POST(ctx) {
    const res = ctx.redirect("/setup", 303);
    try {
      const { code } = await readForm(ctx.req, CodeForm);
      redeemSetupCode(res.headers, ctx.info, setupStateOf(ctx.state.services), code);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      const error = localizedMessage(err, ctx.state.locale);
      return page({ error }, { status: err.status, headers: err.headers });
    }
    return res;
  },
});

export default define.page<typeof handler>(function SetupCode({ data, state: { t } }) {
  return (
    <SetupFrame>
      <section class="panel setup-code">
        <h1>{t("setup.code.title")}</h1>
        <p>{t("setup.code.intro")}</p>
        <form method="post" action="/setup/code" class="setup-form">
          <label for="setup-code">{t("setup.code.label")}</label>
          <input
            id="setup-code"
            name="code"
            class="setup-code-input"
            required
            maxLength={64}
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellcheck={false}
            placeholder="ABCD-EFGH"
            aria-invalid={data.error ? "true" : undefined}
            aria-describedby={data.error ? "setup-code-error" : undefined}
          />
          {data.error && <p id="setup-code-error" class="setup-error" role="alert">{data.error}</p>}
          <button type="submit" class="button">{t("setup.code.submit")}</button>
        </form>
        <p class="muted">{t("setup.code.local")}</p>
      </section>
    </SetupFrame>
  );
});

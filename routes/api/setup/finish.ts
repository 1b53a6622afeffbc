import { SMALL_JSON_LIMIT } from "../../../lib/http/body.ts";
import { readJson } from "../../../lib/http/validate.ts";
import {
  finishInput,
  finishSetup,
  setupStateOf,
  signInWizardBrowser,
} from "../../../lib/setup/mod.ts";
import type { SetupFinished } from "../../../lib/setup/types.ts";
import { define } from "../../../utils.ts";

/**
 * `POST /api/setup/finish {password, pin?, name?}`: creates the admin profile, saves the chosen
 * language and model in the config and ends setup mode: the next request is served by the app.
 * This browser is signed in: its device uses the admin profile, with an admin login.
 * 422 `password_too_short` / `password_too_long`; 409 `setup_pull_running` while the model
 * still downloads.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const input = await readJson(ctx.req, finishInput, { limit: SMALL_JSON_LIMIT });
    const { services, t } = ctx.state;
    const model = setupStateOf(services).progress.model ?? null;
    const profile = await finishSetup(services, input, t("setup.admin.defaultName"));
    const headers = new Headers();
    await signInWizardBrowser(headers, ctx.req, services, profile);
    return Response.json(
      {
        profile: { id: profile.id, name: profile.name, avatar: profile.avatar },
        model,
        redirect: "/",
      } satisfies SetupFinished,
      { headers },
    );
  },
});

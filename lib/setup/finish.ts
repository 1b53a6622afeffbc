/**
 * The wizard's last step: create the admin profile, save the chosen language and model in the
 * config, and end setup mode at once, so the next request is served by the app.
 */
import { z } from "zod";
import {
  createAdmin,
  createAdminSession,
  createDevice,
  deviceLabel,
  nameSchema,
  pinSchema,
  type Profile,
  setAdminCookie,
  setDeviceCookie,
} from "../auth/mod.ts";
import { HttpError } from "../http/errors.ts";
import type { AppServices } from "../services.ts";
import { setupStateOf } from "./state.ts";
import { pullRunningError, runningSetupPull } from "./steps.ts";

/** What finishing takes (the admin's answers). */
export const finishInput = z.strictObject({
  /** The admin password (8 characters to 72 bytes; lib/auth checks and says which). */
  password: z.string().max(1024),
  /** An optional PIN for picking the admin profile on a device. */
  pin: pinSchema.optional(),
  /** The admin profile's name (default: the localized "Admin"). */
  name: nameSchema.optional(),
});

/** What `finishSetup` takes. */
export type FinishInput = z.infer<typeof finishInput>;

/**
 * Creates the admin and leaves setup mode. 409 `setup_finished` when Hearth is already set up,
 * 409 `setup_pull_running` while the model still downloads (its choice would be lost); the
 * password and PIN errors of lib/auth pass through. Config keys set by environment variables
 * are left alone.
 */
export async function finishSetup(
  services: AppServices,
  input: FinishInput,
  defaultName: string,
): Promise<Profile> {
  const state = setupStateOf(services);
  if (!(await state.active())) {
    throw new HttpError(409, "setup_finished", "Hearth is already set up.");
  }
  const pull = runningSetupPull(services);
  if (pull) {
    throw pullRunningError(pull);
  }
  const profile = await createAdmin(services.db, {
    name: input.name ?? defaultName,
    password: input.password,
    pin: input.pin,
  });
  // The admin exists: from here on Hearth is in app mode, whatever else happens.
  state.finish();
  const { locale, model } = state.progress;
  const readOnly = services.config.readOnly;
  const patch: Record<string, unknown> = {};
  if (locale && !("locale" in readOnly)) patch.locale = locale;
  if (model && !("models.chat" in readOnly)) patch.models = { chat: model };
  if (Object.keys(patch).length) await services.config.update(patch);
  services.log.info("setup finished", { admin: profile.id, locale, model });
  return profile;
}

/**
 * Signs the browser that ran the wizard in: its device uses the new admin profile (the PIN was
 * just chosen there) and it holds an admin login, so it lands in the app rather than at the
 * profile picker and the admin login. The cookies go into `headers`.
 */
export async function signInWizardBrowser(
  headers: Headers,
  req: Request,
  services: AppServices,
  profile: Profile,
): Promise<void> {
  const now = new Date(services.now());
  const device = await createDevice(
    services.db,
    profile.id,
    deviceLabel(req.headers.get("user-agent")),
    now,
  );
  setDeviceCookie(headers, req, device.token);
  const login = await createAdminSession(services.db, now);
  setAdminCookie(headers, req, login.token);
}

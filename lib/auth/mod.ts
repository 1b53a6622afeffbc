/**
 * Profiles, devices and the admin (SPEC §3). Routes and other domains import from here:
 * `hasAdmin` / `createAdmin` for the setup wizard and `requireProfile` for APIs that act for a
 * profile. Queries on a profile's own rows go through `owned` (`lib/db/owned.ts`).
 */
export {
  type AdminInput,
  avatarSchema,
  createAdmin,
  createMember,
  deleteProfile,
  getProfile,
  hasAdmin,
  listProfiles,
  memberInput,
  nameSchema,
  profilePatch,
  profileRow,
  type ProfileUpdate,
  setAdminPassword,
  updateProfile,
} from "./profiles.ts";
export {
  checkPassword,
  hashPassword,
  PASSWORD_MAX_BYTES,
  PASSWORD_MIN_CHARS,
  pinSchema,
  verifySecret,
} from "./passwords.ts";
export { adminOnly, requireProfile } from "./guard.ts";
export type { DeviceInfo, Profile } from "./types.ts";
export {
  createDevice,
  DEVICE_COOKIE,
  deviceIdFor,
  deviceLabel,
  listDevices,
  revokeDevice,
  revokeDeviceToken,
} from "./devices.ts";
export {
  ADMIN_COOKIE,
  ADMIN_SESSION_MS,
  createAdminSession,
  isAdminSession,
  revokeAdminSession,
} from "./admin_sessions.ts";
export { identify, type Identity, PROFILE_SOURCES, type ProfileSource } from "./identity.ts";
export { pageNeedsProfile, pickerUrl, safeNext } from "./flow.ts";
export { type GuessLimits, loginAdmin, unlockProfile } from "./login.ts";
export { AccountLimiter } from "./account_limit.ts";
export {
  adminCookie,
  clearAdminCookie,
  clearDeviceCookie,
  deviceCookie,
  setAdminCookie,
  setDeviceCookie,
} from "./cookies.ts";
export { endAdminLogin, signOutDevice, switchEndsAdmin } from "./switch.ts";

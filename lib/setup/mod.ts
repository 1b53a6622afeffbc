/**
 * Setup mode and the setup wizard's logic (SPEC §1–4): whether Hearth still needs its first
 * admin, the gate that serves only the wizard until then, the one-time code LAN browsers type,
 * and the steps shared by the web wizard and `hearth setup`.
 */
export { generateSetupCode, normalizeSetupCode, setupCodeMatches } from "./code.ts";
export { AttemptLimiter, type AttemptLimiterOptions, type LimitVerdict } from "./limiter.ts";
export { type SetupProgress, SetupState, setupStateOf, type SetupStateOptions } from "./state.ts";
export { hasSetupAccess, redeemSetupCode, SETUP_COOKIE } from "./access.ts";
export { SETUP_CODE_PATH, setupGate, type SetupGateOptions } from "./gate.ts";
export {
  chooseSetupLocale,
  chooseSetupModel,
  ollamaStep,
  runningSetupInstall,
  runningSetupPull,
  startSetupInstall,
  startSetupOllama,
  startSetupPull,
  systemStep,
} from "./steps.ts";
export type {
  Fit,
  ModelOption,
  OllamaState,
  OllamaStep,
  SetupStatus,
  SetupTaskView,
  SystemNote,
  SystemStep,
} from "./types.ts";
export { type FinishInput, finishInput, finishSetup, signInWizardBrowser } from "./finish.ts";
export { setupStatus } from "./status.ts";

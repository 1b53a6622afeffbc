/** Shapes the wizard island shares between its steps; the API's answers are lib/setup's. */
import type { Translate } from "../../lib/i18n/format.ts";

export type {
  ModelOption,
  OllamaStep,
  SetupStatus,
  SetupTaskView,
  SystemStep,
} from "../../lib/setup/types.ts";

/** The wizard's steps, in order. */
export const STEPS = ["language", "system", "ollama", "model", "admin", "done"] as const;

/** One of `STEPS`. */
export type StepName = (typeof STEPS)[number];

/** What every step receives. */
export interface StepProps {
  t: Translate;
  /** The page's language (for numbers). */
  locale: string;
  /** Moves to another step. */
  go(step: StepName): void;
}

/**
 * Shapes the wizard island shares between its steps. The API answers are typed from lib/setup
 * with type-only imports, which vanish from the browser bundle.
 */
import type { Translate } from "../../lib/i18n/format.ts";

export type {
  ModelOption,
  OllamaStep,
  SetupStatus,
  SetupTaskView,
  SystemStep,
} from "../../lib/setup/mod.ts";

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

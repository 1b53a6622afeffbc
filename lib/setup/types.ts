/**
 * The setup API's shapes: the wizard's status and its steps' answers, shared by the wizard
 * island, `/api/setup/*` and `hearth setup`. Browser-safe (type imports of other types.ts only).
 */
import type { Locale } from "../i18n/types.ts";
import type { Placement, Recommendation, SystemReport } from "../system/types.ts";
import type { TaskStatus } from "../tasks/types.ts";

/** How well a model fits: with room to spare, just, or not at all. */
export type Fit = "fits" | "tight" | "too_big";

/** One chat model the wizard offers. */
export interface ModelOption {
  name: string;
  parameters: number;
  downloadBytes: number;
  /** Memory it needs at Hearth's default context. */
  ramBytes: number;
  /** It can use Hearth's tools. */
  tools: boolean;
  fit: Fit;
  runsOn: Placement | null;
  recommended: boolean;
  /** Already on a reachable Ollama host. */
  installed: boolean;
}

/** Remarks about the machine, as codes the UI says in its own language. */
export type SystemNote = "no_gpu" | "disk_unknown" | "tight" | "too_small";

/** What the system step shows. */
export interface SystemStep {
  report: SystemReport;
  budget: Recommendation["budget"];
  /** The suggested chat model. */
  recommended: string | null;
  notes: SystemNote[];
  /** Chat models in catalogue order. */
  models: ModelOption[];
}

/** Where Ollama stands, as the wizard says it. */
export type OllamaState = "running" | "stopped" | "missing" | "unreachable";

/** What the Ollama step shows. */
export interface OllamaStep {
  state: OllamaState;
  /** The first configured host. */
  host: string;
  /** That host is on this box (else Hearth uses another machine's Ollama, never installs it). */
  local: boolean;
  /** Version of the server that answered, or of the binary. */
  version?: string;
  /** Installed models on reachable hosts (full names). */
  models: string[];
  /** Hearth can run the official installer here (Linux, and a local host). */
  canInstall: boolean;
  /** The operating system, for manual instructions. */
  platform: string;
  /** What the installer runs. */
  installCommand: string;
}

/** One of the wizard's tasks. */
export interface SetupTaskView {
  id: string;
  status: TaskStatus;
  /** The model a download is for. */
  model: string | null;
}

/** The status answer. */
export type SetupStatus =
  | { setup: boolean; access: false }
  | {
    setup: true;
    access: true;
    /** The chosen language, else the request's. */
    locale: Locale;
    localeChosen: boolean;
    /** The chosen (downloaded or existing) model. */
    model: string | null;
    pull: SetupTaskView | null;
    install: SetupTaskView | null;
    /** Demo mode: Ollama and the system report are Fakes. */
    fake: boolean;
  };

/** What `POST /api/setup/finish` answers: the admin, the chosen model, where to go. */
export interface SetupFinished {
  profile: { id: string; name: string; avatar: string };
  model: string | null;
  redirect: string;
}

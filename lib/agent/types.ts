/**
 * The agent's shapes the chat page reads (browser-safe: type imports only): the `tool` and
 * `approval` stream events, the steps kept in a reply's `meta.steps`, and a profile's agent
 * settings.
 */
import type { ActionCard } from "../assistant/types.ts";

/** What running a tool may do (the same four as lib/assistant/registry.ts `ToolRisk`). */
export type Risk = "read" | "write" | "network" | "exec";

/**
 * One tool call of an agent turn. Streamed as a `tool` event when it starts (`state: "running"`,
 * or `"waiting"` while it waits for approval) and again when it ends; the ended steps are kept in
 * the reply's `meta.steps`, so a reload shows them.
 */
export interface ToolStep {
  /** The call's id (the model's, or one Hearth made). */
  id: string;
  /** 1-based step of the turn. */
  step: number;
  name: string;
  risk: Risk;
  /** The arguments as the model gave them (long strings cut to 2,000 characters). */
  arguments: Record<string, unknown>;
  state: "waiting" | "running" | "done" | "error" | "denied";
  /** One line for the step's header ("Wrote notes.md (1.2 kB)"), once ended. */
  summary?: string;
  /** What the model was told, cut to 4,000 characters, once ended. */
  result?: string;
  /** For `error` and `denied`: the error's code ("path_outside", "denied"…). */
  code?: string;
  durationMs?: number;
  /** A workspace file the step made or changed, for a link or a preview. */
  path?: string;
  /** The card of an assistant action the step took (a todo added…), with its Undo. */
  card?: ActionCard;
}

/**
 * An `approval` event: a step waits for the person (`POST /api/agent/approvals/{id}` with
 * `{ approve }`). Streamed once when asked and once more when decided (`decision` set).
 */
export interface ApprovalRequest {
  /** The approval's id (not the step's). */
  id: string;
  stepId: string;
  name: string;
  risk: Risk;
  arguments: Record<string, unknown>;
  /** ISO time after which it counts as denied. */
  expiresAt: string;
  decision?: "approved" | "denied" | "expired";
}

/** `GET/PUT /api/agent/settings` (the profile's own) and the admin's per-profile switches. */
export interface AgentSettings {
  /** Risks whose tools wait for the profile's approval. */
  approve: { write: boolean; network: boolean; exec: boolean };
  /** The admin's choice: the fetch tool is offered. */
  allowNetwork: boolean;
  /** The admin's choice: the command tool is offered. */
  allowExec: boolean;
  /** What the profile's workspaces may hold together (the household default when not set). */
  quotaBytes: number;
}

/** The approval URL. */
export const approvalUrl = (id: string) => `/api/agent/approvals/${encodeURIComponent(id)}`;

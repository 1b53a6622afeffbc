/**
 * What the fetch and command tools share: the admin's switch checked again when the tool runs,
 * and the bound on what the model is told.
 */
import { HttpError } from "../http/errors.ts";
import type { AgentToolContext } from "./types.ts";

/** The most characters a tool's answer to the model holds. */
export const MAX_OUTPUT = 16_000;

/** `text` cut to `max` characters, saying how much was left out. */
export function bounded(text: string, max = MAX_OUTPUT): string {
  if (text.length <= max) return text;
  const note = `\n\n[… ${text.length - max} more characters not shown]`;
  return text.slice(0, max - note.length) + note;
}

const NOT_ALLOWED = {
  network: ["network_not_allowed", "The admin has not allowed this profile to fetch web pages."],
  exec: ["exec_not_allowed", "The admin has not allowed this profile to run commands."],
} as const;

/**
 * 403 unless the admin allowed the profile this risk. The registry offers the tool only when
 * allowed; this holds even if it were offered by mistake.
 */
export function requireAllowed(ctx: AgentToolContext, risk: "network" | "exec"): void {
  const allowed = risk === "network" ? ctx.settings.allowNetwork : ctx.settings.allowExec;
  if (allowed) return;
  const [code, message] = NOT_ALLOWED[risk];
  throw new HttpError(403, code, message);
}

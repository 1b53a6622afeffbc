/**
 * Tool-call arguments as models write them: OpenAI-compatible servers stream them as JSON text
 * in pieces, keyed by the call's `index`; small models sometimes write text that is not JSON.
 */
import type { ToolCallEvent } from "./types.ts";

/** Parses arguments text; keeps the raw text when it is not a JSON object. */
export function parseArguments(
  raw: string,
): { arguments: Record<string, unknown>; rawArguments?: string } {
  if (!raw.trim()) return { arguments: {} };
  try {
    const value = JSON.parse(raw);
    if (value && typeof value === "object" && !Array.isArray(value)) return { arguments: value };
  } catch {
    // Fall through: the agent gets the raw text and can tell the model what went wrong.
  }
  return { arguments: {}, rawArguments: raw };
}

/** One streamed piece of a tool call (`choices[0].delta.tool_calls[i]`). */
export interface ToolCallDelta {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

/**
 * Assembles tool-call deltas by `index`. The id and name come once (some servers repeat them:
 * the first wins); argument text is appended in arrival order. A delta without `index` (some
 * servers leave it out when there is one call) counts by its position in the array.
 */
export class ToolCallAssembler {
  #calls = new Map<number, { id: string; name: string; args: string }>();

  /** Adds the `tool_calls` array of one delta. */
  add(deltas: ToolCallDelta[]): void {
    deltas.forEach((d, position) => {
      const index = typeof d.index === "number" ? d.index : position;
      const call = this.#calls.get(index) ?? { id: "", name: "", args: "" };
      if (d.id && !call.id) call.id = d.id;
      if (d.function?.name && !call.name) call.name = d.function.name;
      if (typeof d.function?.arguments === "string") call.args += d.function.arguments;
      this.#calls.set(index, call);
    });
  }

  /** How many calls have started. */
  get size(): number {
    return this.#calls.size;
  }

  /** The complete calls in index order, and forgets them. */
  take(): ToolCallEvent[] {
    const out = [...this.#calls.entries()].sort(([a], [b]) => a - b).map(([index, c]) => ({
      type: "tool_call" as const,
      id: c.id || `call_${index}`,
      name: c.name,
      ...parseArguments(c.args),
    }));
    this.#calls.clear();
    return out;
  }
}

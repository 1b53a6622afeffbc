/**
 * Test factories for the AI providers: a small chat request, short deadlines, and an assertion
 * for the error a call must fail with. Imported by tests only.
 */
import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { ProviderError, type ProviderErrorCode } from "./errors.ts";
import type { ChatEvent, ChatRequest, DoneEvent, ProviderLimits } from "./types.ts";

export { collect, within } from "../ollama/testing.ts";

/** Deadlines short enough that every fault test ends in well under a second. */
export const TEST_LIMITS: Partial<ProviderLimits> = {
  connectTimeoutMs: 300,
  loadTimeoutMs: 300,
  idleTimeoutMs: 300,
  generationTimeoutMs: 5_000,
};

/** A one-message request for `model` with an explicit context, plus any overrides. */
export function chatRequest(over: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: "llama3.2",
    messages: [{ role: "user", content: "Why is the sky blue?" }],
    options: { numCtx: 4096 },
    ...over,
  };
}

/** The reply text of a list of events. */
export function textOf(events: ChatEvent[]): string {
  return events.map((e) => (e.type === "token" ? e.text : "")).join("");
}

/** How many upstream tokens the token events of a list carry (one event may hold several). */
export function tokenCount(events: ChatEvent[]): number {
  return events.reduce((n, e) => n + (e.type === "token" ? e.count ?? 1 : 0), 0);
}

/** The one `done` event, asserting that it is the last event. */
export function doneOf(events: ChatEvent[]): DoneEvent {
  const last = events.at(-1);
  assert.equal(last?.type, "done", "the last event is done");
  assert.equal(events.filter((e) => e.type === "done").length, 1, "exactly one done event");
  return last as DoneEvent;
}

/** Asserts that `promise` rejects with a `ProviderError` of `code`, and returns it. */
export async function failsWith(
  promise: Promise<unknown>,
  code: ProviderErrorCode,
): Promise<ProviderError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof ProviderError, `expected a ProviderError, got ${caught}`);
  assert.ok(caught instanceof HttpError);
  assert.equal(caught.code, code, caught.message);
  return caught;
}

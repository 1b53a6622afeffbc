/**
 * Test factories for the AI providers: a small chat request, short deadlines, and an assertion
 * for the error a call must fail with. Imported by tests only.
 */
import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { ProviderError, type ProviderErrorCode } from "./errors.ts";
import { type FakeOllama, startFakeOllama } from "../ollama/fake_server.ts";
import { type FakeOpenAI, type FakeOpenAIOptions, startFakeOpenAI } from "./fake_openai.ts";
import { OllamaProvider } from "./ollama.ts";
import { OpenAIProvider } from "./openai.ts";
import type { ChatEvent, ChatRequest, DoneEvent, ProviderLimits, ToolSpec } from "./types.ts";

export { collect, within } from "../ollama/testing.ts";

/** Deadlines short enough that every fault test ends in well under a second. */
export const TEST_LIMITS: Partial<ProviderLimits> = {
  connectTimeoutMs: 300,
  firstTokenTimeoutMs: 300,
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
/** The events of the reply itself: without the `wait` events before its first token. */
export function replyEvents(events: ChatEvent[]): ChatEvent[] {
  return events.filter((e) => e.type !== "wait");
}

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

/** The tool both provider suites offer. */
export const WEATHER_TOOL: ToolSpec = {
  name: "get_weather",
  description: "Current weather in a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

/** Runs a chat to its end; `seen` holds the reply's events (no `wait`) before `failure` settles. */
export function partial(iterable: AsyncIterable<ChatEvent>): {
  seen: ChatEvent[];
  failure: Promise<void>;
} {
  const seen: ChatEvent[] = [];
  const failure = (async () => {
    for await (const event of iterable) if (event.type !== "wait") seen.push(event);
  })();
  return { seen, failure };
}

/** A fake Ollama server and an `OllamaProvider` on it with `TEST_LIMITS`, for one test. */
export async function withOllama(
  opts: Parameters<typeof startFakeOllama>[0],
  fn: (fake: FakeOllama, provider: OllamaProvider) => Promise<void>,
): Promise<void> {
  const fake = await startFakeOllama(opts);
  try {
    await fn(fake, new OllamaProvider({ hosts: [fake.url], limits: TEST_LIMITS }));
  } finally {
    await fake.close();
  }
}

/**
 * A fake OpenAI-compatible server and an `OpenAIProvider` on it with `TEST_LIMITS`; the
 * provider sends `apiKey` (default: the key the server expects).
 */
export async function withOpenAI(
  opts: FakeOpenAIOptions,
  fn: (fake: FakeOpenAI, provider: OpenAIProvider) => Promise<void>,
  apiKey = opts.apiKey,
): Promise<void> {
  const fake = await startFakeOpenAI(opts);
  try {
    await fn(fake, new OpenAIProvider({ baseUrl: fake.url, apiKey, limits: TEST_LIMITS }));
  } finally {
    await fake.close();
  }
}

/**
 * `POST /v1/chat/completions`: one generation through the same provider and model queue as the
 * chat (a person waits: `interactive` priority, the profile as the queue's owner), answered in
 * OpenAI's wire format, whole or as SSE chunks. Stateless: nothing is stored in conversations.
 * The profile's limits hold (`checkReply` before it starts, `checkUse` for a gem model), and a
 * client that goes away cancels the upstream request.
 */
import type { ChatEvent, ChatRequest, ToolCallEvent } from "../ai/types.ts";
import { modelContext } from "../chat/model_context.ts";
import { HttpError } from "../http/errors.ts";
import { checkReply, checkUse } from "../limits/check.ts";
import type { AppServices } from "../services.ts";
import type { Profile } from "../auth/types.ts";
import { resolveModel } from "./models.ts";
import { type CompletionBody, toFormat, toMessages, toTools } from "./schemas.ts";

/** Generations one profile may run through `/v1` at once. */
export const MAX_IN_FLIGHT = 4;
/** Characters of one answer at most; past it the answer ends with `finish_reason: "length"`. */
export const MAX_OUTPUT = 4_000_000;

const inFlight = new WeakMap<AppServices, Map<string, number>>();

/** Takes one of the profile's `/v1` slots (429 when all are taken); returns its release. */
function takeSlot(services: AppServices, profileId: string): () => void {
  let counts = inFlight.get(services);
  if (!counts) inFlight.set(services, counts = new Map());
  const n = counts.get(profileId) ?? 0;
  if (n >= MAX_IN_FLIGHT) {
    throw new HttpError(
      429,
      "too_many_requests",
      `At most ${MAX_IN_FLIGHT} answers at once per profile; wait for one to finish.`,
      { "Retry-After": "2" },
    );
  }
  counts.set(profileId, n + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (counts.get(profileId) ?? 1) - 1;
    if (left > 0) counts.set(profileId, left);
    else counts.delete(profileId);
  };
}

/** A prepared generation: what to ask the provider, and the ids of the answer. */
export interface Prepared {
  id: string;
  created: number;
  /** The model name as the client asked for it (a gem model's `gem:…`). */
  model: string;
  request: ChatRequest;
  release: () => void;
}

/**
 * Checks the body against the profile (model, gem, limits) and builds the provider request. The
 * reply is counted against a daily limit here, after every check of the input has passed.
 */
export async function prepare(
  services: AppServices,
  profile: Profile,
  body: CompletionBody,
  signal: AbortSignal,
): Promise<Prepared> {
  const resolved = await resolveModel(services, body.model);
  const messages = toMessages(body);
  const tools = toTools(body);
  const format = tools ? undefined : toFormat(body);
  const gem = resolved.gem?.gem;
  const db = services.db.kysely;
  if (gem) await checkUse(db, profile.id, "gems", gem.id, gem.name);
  const release = takeSlot(services, profile.id);
  try {
    await checkReply(db, profile, resolved.model, new Date(services.now()));
    const sizes = services.config.current.models.contextSizes;
    const context = await modelContext(services.ai, resolved.model, sizes, signal);
    const params = gem?.parameters ?? {};
    const temperature = body.temperature ?? params.temperature;
    const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? params.maxTokens;
    const seed = body.seed ?? params.seed;
    const request: ChatRequest = {
      model: resolved.model,
      messages: resolved.gem?.system
        ? [{ role: "system", content: resolved.gem.system }, ...messages]
        : messages,
      options: {
        ...(context.numCtx && { numCtx: context.numCtx }),
        ...(temperature != null && { temperature }),
        ...(maxTokens != null && { maxTokens }),
        ...(seed != null && { seed }),
      },
      ...(tools && { tools }),
      ...(format && { format }),
    };
    return {
      id: `chatcmpl-${crypto.randomUUID().replaceAll("-", "")}`,
      created: Math.floor(services.now() / 1000),
      model: resolved.id,
      request,
      release,
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** The provider's events for a prepared request, in the model queue as a reply. */
export function generate(
  services: AppServices,
  profileId: string,
  prepared: Prepared,
  signal: AbortSignal,
): AsyncIterable<ChatEvent> {
  return services.ai.chat(prepared.request, {
    signal,
    priority: "interactive",
    owner: profileId,
    label: "v1",
  });
}

/** OpenAI's finish reason for the provider's. */
export function finishReason(doneReason: string, toolCalls: number): string {
  if (toolCalls > 0) return "tool_calls";
  if (doneReason === "length") return "length";
  return "stop";
}

/** A tool call as OpenAI writes it. */
export function wireToolCall(call: ToolCallEvent) {
  return {
    id: call.id,
    type: "function" as const,
    function: {
      name: call.name,
      arguments: call.rawArguments ?? JSON.stringify(call.arguments),
    },
  };
}

function usageOf(done: { promptTokens: number; completionTokens: number } | undefined) {
  const prompt = done?.promptTokens ?? 0, completion = done?.completionTokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
}

/** The whole answer as one `chat.completion`. */
export async function completion(
  services: AppServices,
  profileId: string,
  prepared: Prepared,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  let content = "";
  let truncated = false;
  const calls: ToolCallEvent[] = [];
  let done: Extract<ChatEvent, { type: "done" }> | undefined;
  const stop = new AbortController();
  try {
    for await (
      const event of generate(services, profileId, prepared, AbortSignal.any([signal, stop.signal]))
    ) {
      if (event.type === "token") {
        content += event.text;
        if (content.length > MAX_OUTPUT) {
          content = content.slice(0, MAX_OUTPUT);
          truncated = true;
          break;
        }
      } else if (event.type === "tool_call") calls.push(event);
      else if (event.type === "done") done = event;
    }
  } finally {
    stop.abort();
    prepared.release();
  }
  return {
    id: prepared.id,
    object: "chat.completion",
    created: prepared.created,
    model: prepared.model,
    choices: [{
      index: 0,
      message: {
        role: "assistant",
        content: calls.length && !content ? null : content,
        ...(calls.length && { tool_calls: calls.map(wireToolCall) }),
      },
      logprobs: null,
      finish_reason: truncated ? "length" : finishReason(done?.doneReason ?? "stop", calls.length),
    }],
    usage: usageOf(done),
  };
}

/** OpenAI's error object, which also carries Hearth's `code` and `message`. */
export function openAiError(err: HttpError, message = err.message) {
  const type = err.status === 401
    ? "authentication_error"
    : err.status === 403
    ? "permission_error"
    : err.status === 404
    ? "not_found_error"
    : err.status === 429
    ? "rate_limit_error"
    : err.status >= 500
    ? "server_error"
    : "invalid_request_error";
  const param = "field" in err && typeof err.field === "string" ? err.field : null;
  return { error: { message, type, code: err.code, param } };
}

/**
 * The answer as SSE `chat.completion.chunk`s: the role first, then content and tool call deltas,
 * a last chunk with the finish reason, the usage (when asked for) and `[DONE]`. The first event
 * is awaited before the stream is answered, so a request the upstream refuses at once (an
 * unknown model) is an HTTP error like OpenAI's; a failure after that is sent as an `error`
 * object (what OpenAI's clients read) before the stream ends. Cancelling the stream (the client
 * left) aborts the upstream request.
 */
export async function completionStream(
  services: AppServices,
  profileId: string,
  prepared: Prepared,
  includeUsage: boolean,
  describe: (err: HttpError) => string,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const stop = new AbortController();
  const events = generate(services, profileId, prepared, AbortSignal.any([signal, stop.signal]))
    [Symbol.asyncIterator]();
  let first: IteratorResult<ChatEvent>;
  try {
    first = await events.next();
  } catch (err) {
    stop.abort();
    prepared.release();
    throw err;
  }
  const encoder = new TextEncoder();
  const base = { id: prepared.id, object: "chat.completion.chunk", created: prepared.created };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    ...base,
    model: prepared.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(includeUsage && { usage: null }),
  });
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (data: unknown) => {
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(data)}\n\n`));
      };
      let calls = 0, length = 0;
      try {
        send(chunk({ role: "assistant", content: "" }));
        let done: Extract<ChatEvent, { type: "done" }> | undefined;
        let truncated = false;
        for (let next = first; !next.done; next = await events.next()) {
          const event = next.value;
          if (event.type === "token") {
            length += event.text.length;
            if (length > MAX_OUTPUT) {
              truncated = true;
              break;
            }
            send(chunk({ content: event.text }));
          } else if (event.type === "tool_call") {
            const call = wireToolCall(event);
            send(chunk({ tool_calls: [{ index: calls++, ...call }] }));
          } else if (event.type === "done") done = event;
        }
        send(chunk({}, truncated ? "length" : finishReason(done?.doneReason ?? "stop", calls)));
        if (includeUsage) {
          send({ ...base, model: prepared.model, choices: [], usage: usageOf(done) });
        }
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        controller.close();
      } catch (err) {
        if (stop.signal.aborted || signal.aborted) return;
        const known = err instanceof HttpError
          ? err
          : new HttpError(500, "internal_error", "Something went wrong on the server.");
        try {
          send(openAiError(known, describe(known)));
          controller.close();
        } catch {
          // The client is gone already.
        }
      } finally {
        stop.abort();
        await events.return?.().catch(() => {});
        prepared.release();
      }
    },
    cancel() {
      stop.abort();
    },
  });
}

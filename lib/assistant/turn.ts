/**
 * One message in assistant mode. The model classifies it by calling one of the assistant's tools
 * (Ollama `tools`, or the OpenAI-compatible `tools`); a model that answers in text instead (small
 * ones often do), or cannot call tools at all, is asked once more with the answer constrained to
 * a JSON schema (`format`: a discriminated object of intent and arguments, the same zod schemas
 * as the tools). Its arguments are checked by the tool's schema; the tool runs through the
 * stores for the profile, and the reply (a confirmation, a question when the request is
 * ambiguous, or the found items) streams through the chat task like any reply, with an `action`
 * event carrying the card. The `chat` intent, or nothing usable, answers as a plain chat.
 */
import { z } from "zod";
import { collectChat } from "../ai/collect.ts";
import { ProviderError } from "../ai/errors.ts";
import { waitData } from "../chat/events.ts";
import type { ChatEvent, ChatMessage, ChatProvider, ChatRequest } from "../ai/types.ts";
import { getProfile } from "../auth/profiles.ts";
import type { ReplyWriter } from "../chat/reply_writer.ts";
import type { Db } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import { localizedMessage } from "../i18n/errors.ts";
import { type Locale, translator } from "../i18n/mod.ts";
import type { ListFeeds } from "../lists/feed.ts";
import type { TaskOutput } from "../tasks/task.ts";
import type { Today } from "../today/types.ts";
import type { AssistantContext, ToolOutcome } from "./context.ts";
import { type Tool, toolSpec } from "./registry.ts";
import { ASSISTANT_TOOLS } from "./tools.ts";
import type { ActionCard } from "./types.ts";
import type { Retrieve } from "../rag/chat.ts";
import { checkUse } from "../limits/check.ts";
import { allowedTools, limitTools } from "../limits/use.ts";

/** What the assistant needs from the app, per request. */
export interface AssistantDeps {
  db: Db;
  feeds: ListFeeds;
  locale: Locale;
  now(): number;
  /** Searches the documents the profile may read (lib/rag/), for `search_documents`. */
  retrieve?: Retrieve;
}

/** One assistant-mode reply, as the chat engine hands it over. */
export interface AssistantTurn {
  profileId: string;
  /** The assistant message being written. */
  messageId: string;
  model: string;
  /** The conversation so far, oldest first; the last one is the user's new message. */
  history: { role: string; content: string }[];
  /** What the model can do (Ollama `/api/show`); empty when unknown. */
  capabilities: string[];
  /** The `num_ctx` every request to this model sends (or none). */
  numCtx?: number;
  provider: ChatProvider;
  out: TaskOutput;
  writer: ReplyWriter;
  signal: AbortSignal;
}

/** How the turn ended: answered (with the reply's stats and meta), or left to plain chat. */
export type AssistantResult =
  | { handled: true; stats: Record<string, unknown>; meta: Record<string, unknown> }
  | { handled: false };

type AnyTool = Tool<AssistantContext, ToolOutcome>;

/** How many earlier messages the classifier reads. */
const HISTORY = 6;

/** The intent and arguments a constrained answer must give, one shape per tool. */
function intentSchema(tools: AnyTool[]) {
  const [first, ...rest] = tools.map((t) =>
    z.object({ intent: z.literal(t.name), arguments: t.input })
  );
  return z.discriminatedUnion("intent", [first, ...rest]);
}

function intentsJson(intents: ReturnType<typeof intentSchema>) {
  const { $schema: _, ...schema } = z.toJSONSchema(intents, {
    io: "input",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return schema;
}

const INTENTS = intentSchema(ASSISTANT_TOOLS.list());
const INTENTS_JSON = intentsJson(INTENTS);

/**
 * The tools a (limited) profile is offered: the allowed ones and `chat` (plain chat is no tool);
 * the shapes the constrained answer may take follow them.
 */
function offered(allowed: string[] | null) {
  if (allowed === null) {
    return { specs: ASSISTANT_TOOLS.specs(), intents: INTENTS, json: INTENTS_JSON };
  }
  const tools = limitTools(ASSISTANT_TOOLS.list(), allowed, ["chat"]);
  const intents = intentSchema(tools);
  return {
    specs: tools.map((t) => toolSpec(t as Tool<unknown, unknown>)),
    intents,
    json: intentsJson(intents),
  };
}

function systemPrompt(ctx: AssistantContext): string {
  const now = new Intl.DateTimeFormat("en-GB", {
    timeZone: ctx.timeZone,
    dateStyle: "full",
    timeStyle: "short",
  }).format(ctx.now);
  return [
    "You are Hearth, a household assistant. Decide what the user's last message asks for and",
    "call exactly one tool. Give dates and times as the user's own words ('tomorrow at 6');",
    "never compute a date. Use the chat tool for anything that is not an action on todos,",
    `events, memos, lists, search or the daily briefing. Now: ${now} (${ctx.timeZone}).`,
    `The user writes in ${ctx.locale === "de" ? "German" : "English"}.`,
  ].join(" ");
}

/** Runs one model request, passing its waits on; answers its text, tool calls and stats. */
function ask(turn: AssistantTurn, request: ChatRequest) {
  return collectChat(turn.provider, request, {
    signal: turn.signal,
    priority: "interactive",
    owner: turn.profileId,
    label: "assistant",
  }, (event) => {
    if (event.type === "wait") turn.out.emit("wait", waitData(event));
  });
}

function statsOf(done: Extract<ChatEvent, { type: "done" }> | undefined) {
  return done
    ? {
      promptTokens: done.promptTokens,
      completionTokens: done.completionTokens,
      totalMs: done.totalMs,
      tokensPerSecond: done.tokensPerSecond,
      doneReason: done.doneReason,
    }
    : {};
}

/** The intent the model chose, checked by the tool's schema; a question when it is invalid. */
type Choice =
  | { tool: AnyTool; args: unknown }
  | { invalid: string }
  | null;

function check(
  ctx: AssistantContext,
  name: string,
  args: unknown,
  allowed: string[] | null = null,
): Choice {
  const tool = ASSISTANT_TOOLS.get(name);
  if (!tool) return null;
  // A tool the profile may not use is refused as such (below), whatever its arguments.
  if (allowed && name !== "chat" && !allowed.includes(name)) return { tool, args };
  const parsed = tool.input.safeParse(args ?? {});
  if (parsed.success) return { tool, args: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue.path.map(String).join(".") || "input";
  return { invalid: ctx.t("assistant.ask.missing", { field }) };
}

/**
 * What the assistant's tools run with, for one reply of the profile (also the agent's, whose
 * turn offers the same tools: lib/tools/assistant.ts).
 */
export async function assistantContext(
  deps: AssistantDeps,
  profileId: string,
  messageId: string,
): Promise<AssistantContext> {
  const profile = await getProfile(deps.db, profileId);
  return {
    db: deps.db,
    feeds: deps.feeds,
    profileId,
    timeZone: profile.timeZone,
    locale: deps.locale,
    now: new Date(deps.now()),
    t: translator(deps.locale),
    messageId,
    ...(deps.retrieve && { retrieve: deps.retrieve }),
  };
}

/** Answers one message in assistant mode (see the module comment). */
export async function assistantTurn(
  deps: AssistantDeps,
  turn: AssistantTurn,
): Promise<AssistantResult> {
  const ctx = await assistantContext(deps, turn.profileId, turn.messageId);
  const t = ctx.t;
  const messages: ChatMessage[] = [
    { role: "system", content: systemPrompt(ctx) },
    ...turn.history.slice(-HISTORY - 1).filter((m) => m.role === "user" || m.role === "assistant")
      .map((m) => ({ role: m.role as "user" | "assistant", content: m.content })),
  ];
  const options = turn.numCtx ? { numCtx: turn.numCtx } : {};
  const thinking = turn.capabilities.includes("thinking");
  const base = { model: turn.model, messages, options, ...(thinking && { think: false }) };
  const tools = !turn.capabilities.length || turn.capabilities.includes("tools");
  let choice: Choice = null;
  let via = "tools";
  let stats: Record<string, unknown> = {};
  // A limited profile's model is offered only the tools it may use (lib/limits/).
  const allowed = await allowedTools(deps.db.kysely, turn.profileId);
  const offer = offered(allowed);
  if (tools) {
    try {
      const answer = await ask(turn, { ...base, tools: offer.specs });
      stats = statsOf(answer.done);
      const call = answer.calls[0];
      // Arguments that are not JSON count as no call: the constrained answer is asked for.
      if (call && !call.rawArguments) choice = check(ctx, call.name, call.arguments, allowed);
    } catch (err) {
      // A server that refuses tools to this model (Ollama's 400): the constrained answer next.
      if (!(err instanceof ProviderError) || turn.signal.aborted) throw err;
      if (err.code !== "upstream_error" && err.code !== "invalid_input") throw err;
    }
  }
  if (!choice) {
    via = "format";
    const answer = await ask(turn, { ...base, format: offer.json });
    stats = statsOf(answer.done);
    try {
      const parsed = offer.intents.safeParse(JSON.parse(answer.text));
      if (parsed.success) {
        choice = { tool: ASSISTANT_TOOLS.get(parsed.data.intent)!, args: parsed.data.arguments };
      }
    } catch {
      // Not JSON even under a grammar: plain chat below.
    }
  }
  if (!choice) return { handled: false };
  let outcome: ToolOutcome;
  let intent = "";
  if ("invalid" in choice) outcome = { type: "ask", text: choice.invalid };
  else {
    intent = choice.tool.name;
    try {
      // A tool the model was not offered and the profile may not use: refused, said kindly.
      if (intent !== "chat") await checkUse(deps.db.kysely, turn.profileId, "tools", intent);
      outcome = await choice.tool.run(ctx, choice.args);
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      // Refused by the stores' rules (nothing was changed): say why.
      outcome = {
        type: "ask",
        text: t("assistant.failed", { message: localizedMessage(err, deps.locale) }),
      };
    }
  }
  if (outcome.type === "chat") return { handled: false };
  const say = (text: string) => {
    turn.writer.add(text);
    turn.out.emit("token", { text });
  };
  let card: ActionCard | undefined;
  if (outcome.type === "briefing") {
    card = outcome.card;
    turn.out.emit("action", card);
    stats = await brief(turn, ctx, base, outcome.today, say);
  } else {
    card = outcome.type === "done" ? outcome.card : undefined;
    if (card) turn.out.emit("action", card);
    say(outcome.text);
  }
  return {
    handled: true,
    stats,
    meta: { assistant: { intent: intent || "ask", via }, ...(card && { card }) },
  };
}

/** The daily briefing: the model writes a few sentences from the day's data, streamed. */
async function brief(
  turn: AssistantTurn,
  ctx: AssistantContext,
  base: Omit<ChatRequest, "tools" | "format">,
  today: Today,
  say: (text: string) => void,
): Promise<Record<string, unknown>> {
  const language = ctx.locale === "de" ? "German" : "English";
  const request: ChatRequest = {
    ...base,
    messages: [
      {
        role: "system",
        content: `Write the user's daily briefing in ${language}: at most five short sentences, ` +
          "friendly, only from the data given (JSON), times as they are written there.",
      },
      { role: "user", content: JSON.stringify(briefingData(ctx, today)) },
    ],
  };
  let done: Extract<ChatEvent, { type: "done" }> | undefined;
  for await (
    const event of turn.provider.chat(request, {
      signal: turn.signal,
      priority: "interactive",
      owner: turn.profileId,
      label: "briefing",
    })
  ) {
    if (event.type === "token") say(event.text);
    else if (event.type === "done") done = event;
  }
  return statsOf(done);
}

/** The day's data, short, with times in the profile's zone. */
function briefingData(ctx: AssistantContext, day: Today) {
  const time = (iso: string) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: ctx.timeZone, timeStyle: "short" }).format(
      new Date(iso),
    );
  return {
    date: day.date,
    overdue: day.overdue.items.slice(0, 10).map((t) => t.title),
    dueToday: day.dueToday.items.slice(0, 10).map((t) => ({
      title: t.title,
      ...(t.due && !t.dueAllDay && { at: time(t.due) }),
    })),
    events: day.events.items.slice(0, 10).map((e) => ({
      title: e.title,
      ...(e.allDay ? { allDay: true } : { at: time(e.start) }),
    })),
    lists: day.lists.items.slice(0, 5).map((l) => ({ list: l.list.name, open: l.items.length })),
  };
}

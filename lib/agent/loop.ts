/**
 * One reply in an agent conversation (SPEC §10), modelled on the assistant's turn
 * (lib/assistant/turn.ts): the model is offered the agent's tools and calls them, step after
 * step, each call checked, approved when the profile wants it, run, and its answer (or error)
 * sent back, until the model answers without a call or the turn used its tool calls (then it is
 * asked once more, without tools, to answer with what it has). Its text and reasoning stream
 * through the chat task as a reply's do, each step as `tool` events (and `approval` events while
 * one waits); the steps are kept in the reply's `meta.steps`.
 *
 * A model that cannot call tools (no `tools` capability, or a server that refuses them) calls
 * them through a constrained answer instead (`format`: a tool with its arguments, or the answer).
 * Before the turn's first tool that changes anything, the workspace is snapshotted once, so every
 * turn that changed files can be undone.
 */
import { collectChat } from "../ai/collect.ts";
import { ProviderError } from "../ai/errors.ts";
import type { ChatEvent, ChatMessage, ChatRequest } from "../ai/types.ts";
import { estimateTokens } from "../chat/context.ts";
import { waitData } from "../chat/events.ts";
import { translator } from "../i18n/mod.ts";
import type { AgentToolContext } from "../tools/types.ts";
import { allowedTools, limitRegistry } from "../limits/use.ts";
import { agentSystemPrompt, decisionFormat, fitMessages, parseDecision } from "./prompt.ts";
import { type Call, errorContent, runStep, type StepRun } from "./step.ts";
import type { ToolStep } from "./types.ts";
import type { AgentDeps, AgentResult, AgentTurn } from "./deps.ts";

export type { AgentDeps, AgentResult, AgentTurn } from "./deps.ts";

/** Tool calls per turn. */
export const MAX_STEPS = 10;
/** Earlier messages the agent reads (their text only). */
const HISTORY = 20;

const LIMIT_NOTE = "You have used all tool calls of this turn. Answer the user now in plain " +
  "text, with what you have, and say what is left to do.";

type Done = Extract<ChatEvent, { type: "done" }>;

/** Turns whose model began to answer: later requests' waits are not streamed (the reply runs). */
const began = new WeakSet<AgentTurn>();

/** Asks the model once; streams its text (unless `quiet`) and reasoning to the reply. */
async function ask(
  turn: AgentTurn,
  request: ChatRequest,
  say: (text: string) => void,
  quiet = false,
) {
  let answered = false;
  try {
    return await collectChat(turn.provider, request, {
      signal: turn.signal,
      priority: "interactive",
      owner: turn.profileId,
      label: "agent",
    }, (event) => {
      if (event.type === "wait") {
        if (!began.has(turn)) turn.out.emit("wait", waitData(event));
        return;
      }
      answered = true;
      began.add(turn);
      if (event.type === "thinking") {
        turn.writer.addThinking(event.text);
        turn.out.emit("thinking", { text: event.text });
      } else if (event.type === "token" && !quiet) say(event.text);
    });
  } catch (err) {
    // Whether the model had begun to answer: then a failure is no refusal of the tools.
    throw Object.assign(err as Error, { answered });
  }
}

/** A server that refuses tools to this model (Ollama's 400), before it answered anything. */
function refusedTools(err: unknown, signal: AbortSignal): boolean {
  return err instanceof ProviderError && !signal.aborted &&
    (err.code === "upstream_error" || err.code === "invalid_input") &&
    !(err as { answered?: boolean }).answered;
}

/** Answers one message of an agent conversation (see the module comment). */
export async function agentTurn(deps: AgentDeps, turn: AgentTurn): Promise<AgentResult> {
  const t = translator(deps.locale);
  const settings = await deps.settings(turn.profileId);
  // A limited profile's model is offered only the tools it may use (lib/limits/).
  const registry = limitRegistry(
    deps.tools(settings),
    await allowedTools(deps.db.kysely, turn.profileId),
  );
  const tools = registry.list();
  const maxSteps = deps.maxSteps ?? MAX_STEPS;
  const specs = registry.specs();
  // What offering the tools costs the prompt.
  const specCost = estimateTokens(JSON.stringify(specs));
  let mode: "tools" | "format" | "none" = !tools.length
    ? "none"
    : !turn.capabilities.length || turn.capabilities.includes("tools")
    ? "tools"
    : "format";
  const system = () =>
    [
      agentSystemPrompt({
        locale: deps.locale,
        now: new Date(deps.now()),
        tools,
        json: mode === "format",
      }),
      turn.system ?? "",
    ].filter(Boolean).join("\n\n");
  const messages: ChatMessage[] = [
    { role: "system", content: system() },
    ...turn.history.slice(-HISTORY - 1),
  ];
  const thinking = turn.capabilities.includes("thinking") && turn.think !== undefined;
  const base = {
    model: turn.model,
    options: turn.numCtx ? { numCtx: turn.numCtx } : {},
    ...(thinking && { think: turn.think }),
  };

  // What the reply says: every request's text, a blank line between two requests' texts.
  let fresh = true;
  let said = "";
  const say = (text: string) => {
    if (!text) return;
    const piece = fresh && said ? `\n\n${text}` : text;
    fresh = false;
    said += piece;
    turn.writer.add(piece);
    turn.out.emit("token", { text: piece });
  };

  let context: Promise<AgentToolContext> | undefined;
  let snapshotted = false;
  const run: StepRun = {
    deps,
    turn,
    t,
    settings,
    tools: registry,
    context: () =>
      context ??= (async () => ({
        profileId: turn.profileId,
        conversationId: turn.conversationId,
        messageId: turn.messageId,
        workspace: await deps.openWorkspace(turn.profileId, turn.conversationId),
        assistant: await deps.assistantContext(turn.profileId, turn.messageId),
        settings,
        signal: turn.signal,
        log: deps.log,
        now: deps.now,
      }))(),
    async beforeChange(ctx) {
      if (snapshotted) return;
      await deps.snapshot(ctx.workspace, turn.messageId);
      snapshotted = true;
    },
  };

  const ids = new Set<string>();
  /** Runs a call as the turn's next step, or tells the model the turn has no calls left. */
  const step = async (call: Call): Promise<string> => {
    if (turn.steps.length >= maxSteps) {
      return errorContent("step_limit", "This turn used all its tool calls.");
    }
    const n = turn.steps.length + 1;
    const id = call.id && !ids.has(call.id) ? call.id : `${call.id || "call"}-${n}`;
    ids.add(id);
    const entry: ToolStep = {
      id,
      step: n,
      name: call.name,
      risk: "read",
      arguments: {},
      state: "running",
    };
    turn.steps.push(entry);
    return await runStep(run, call, entry);
  };

  const totals = { promptTokens: 0, completionTokens: 0, totalMs: 0, requests: 0 };
  let last: Done | undefined;
  const count = (done: Done | undefined) => {
    totals.requests++;
    if (!done) return;
    last = done;
    totals.promptTokens = done.promptTokens;
    totals.completionTokens += done.completionTokens;
    totals.totalMs += done.totalMs;
  };

  let noted = false;
  for (;;) {
    turn.signal.throwIfAborted();
    fresh = true;
    if (turn.budget) fitMessages(messages, Math.max(turn.budget - specCost, 256));
    const offer = mode !== "none" && turn.steps.length < maxSteps;
    if (!offer && mode !== "none" && !noted) {
      // As a user message: some servers' chat templates refuse a system message after the first.
      messages.push({ role: "user", content: LIMIT_NOTE });
      noted = true;
    }
    if (offer && mode === "tools") {
      let answer;
      try {
        answer = await ask(turn, { ...base, messages, tools: specs }, say);
      } catch (err) {
        if (!refusedTools(err, turn.signal)) throw err;
        mode = "format";
        messages[0] = { role: "system", content: system() };
        continue;
      }
      count(answer.done);
      if (!answer.calls.length) break;
      messages.push({
        role: "assistant",
        content: answer.text,
        toolCalls: answer.calls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments })),
      });
      for (const c of answer.calls) {
        const content = await step(c);
        messages.push({ role: "tool", content, toolCallId: c.id, name: c.name });
      }
      continue;
    }
    if (offer && mode === "format") {
      const answer = await ask(
        turn,
        { ...base, messages, format: decisionFormat(tools) },
        say,
        true,
      );
      count(answer.done);
      const decision = parseDecision(answer.text);
      if (decision.action === "answer") {
        say(decision.text);
        break;
      }
      messages.push({ role: "assistant", content: answer.text });
      const content = await step({
        id: `call-${turn.steps.length + 1}`,
        name: decision.tool,
        arguments: decision.arguments,
      });
      messages.push({ role: "user", content: `Result of ${decision.tool}:\n${content}` });
      continue;
    }
    // No tools (none offered, or the turn used its calls): the answer, streamed.
    count((await ask(turn, { ...base, messages }, say)).done);
    break;
  }
  if (!said.trim() && !turn.signal.aborted && turn.steps.length) {
    // A model that only called tools: the reply says what happened.
    say(turn.steps.map((s) => s.summary ?? s.name).join("\n"));
  }
  return {
    stats: {
      ...totals,
      ...(last && {
        tokensPerSecond: last.tokensPerSecond,
        doneReason: last.doneReason,
      }),
    },
    meta: {
      agent: { via: mode, steps: turn.steps.length },
      steps: turn.steps,
      // The last action's card also as the reply's card, which the chat shows after a reload as
      // it shows assistant mode's (the `action` event's, live); undo finds either.
      ...(lastCard(turn.steps) && { card: lastCard(turn.steps) }),
    },
  };
}

/** The card of the turn's last step that took an assistant action. */
function lastCard(steps: ToolStep[]) {
  return steps.findLast((s) => s.card)?.card;
}

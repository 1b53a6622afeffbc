/**
 * One tool call of an agent turn: the arguments checked by the tool's schema, the approval asked
 * for when the profile wants it, the workspace's snapshot before the turn's first change, the
 * tool run, and its `tool` events. Whatever happens, the model gets an answer: the tool's
 * content, or `{"error":{"code","message"}}`; the turn goes on.
 */
import { HttpError } from "../http/errors.ts";
import { localizedMessage } from "../i18n/errors.ts";
import type { Translate } from "../i18n/mod.ts";
import type { AgentTool, AgentToolContext, ToolResult } from "../tools/types.ts";
import { checkUse } from "../limits/check.ts";
import type { AgentDeps, AgentTurn } from "./deps.ts";
import type { AgentSettings, Risk, ToolStep } from "./types.ts";

/**
 * Error codes that mean a tool was asked to reach outside what it may (a path out of the
 * workspace, a change through a link, a private address): logged at warn.
 */
const ESCAPES = new Set(["path_outside", "bad_path", "path_is_link", "address_blocked"]);

/** What the step's `result` keeps of the model's answer. */
const RESULT_CHARS = 4_000;
/** What the model is told of a tool's answer at most (the tools bound theirs to this already). */
const MODEL_CHARS = 16_000;
/** What a step's arguments keep of each string. */
const ARGUMENT_CHARS = 2_000;

/** A call the model made (a tool call, or a constrained answer's). */
export interface Call {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  /** What the model wrote when it was not a JSON object. */
  rawArguments?: string;
}

/** What a turn's steps share. */
export interface StepRun {
  deps: AgentDeps;
  turn: AgentTurn;
  t: Translate;
  settings: AgentSettings;
  tools: { get(name: string): AgentTool | undefined };
  /** The tools' context, made at the first call (it opens the workspace). */
  context(): Promise<AgentToolContext>;
  /** Snapshots the workspace once per turn, before the first tool that is not `read`. */
  beforeChange(ctx: AgentToolContext): Promise<void>;
}

/** Long strings cut, so a step's event stays small. */
function cutArguments(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    return value.length > ARGUMENT_CHARS ? `${value.slice(0, ARGUMENT_CHARS)}…` : value;
  }
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => cutArguments(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, cutArguments(v, depth + 1)]),
  );
}

/** The error as the model is told it. */
export function errorContent(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/** Runs one call (see the module comment); answers what the model is told. */
export async function runStep(run: StepRun, call: Call, step: ToolStep): Promise<string> {
  const { deps, turn, t } = run;
  const tool = run.tools.get(call.name);
  step.risk = (tool?.risk ?? "read") as Risk;
  step.arguments = cutArguments(call.arguments) as Record<string, unknown>;
  const emit = () => turn.out.emit("tool", { ...step });
  const end = (
    state: ToolStep["state"],
    content: string,
    fields: Partial<ToolStep>,
    started: number,
  ) => {
    Object.assign(step, {
      state,
      result: content.length > RESULT_CHARS ? `${content.slice(0, RESULT_CHARS)}…` : content,
      durationMs: Math.round(performance.now() - started),
      ...fields,
    });
    emit();
    return content;
  };
  const fail = (err: HttpError, started: number, state: "error" | "denied" = "error") =>
    end(state, errorContent(err.code, err.message), {
      code: err.code,
      summary: state === "denied"
        ? t(err.code === "approval_expired" ? "agent.step.expired" : "agent.step.denied")
        : t("agent.step.failed", { message: localizedMessage(err, deps.locale) }),
    }, started);
  const started = performance.now();
  if (!tool) {
    // A tool a limited profile may not use was not offered; its call is refused as such.
    try {
      await checkUse(deps.db.kysely, turn.profileId, "tools", call.name);
    } catch (err) {
      if (err instanceof HttpError) return fail(err, started);
      throw err;
    }
    return fail(
      new HttpError(404, "unknown_tool", `There is no tool called "${call.name}".`, {}, {
        name: call.name,
      }),
      started,
    );
  }
  const parsed = call.rawArguments === undefined ? tool.input.safeParse(call.arguments) : undefined;
  if (!parsed?.success) {
    const issue = parsed?.error.issues[0];
    const detail = issue
      ? `${issue.path.map(String).join(".") || "arguments"}: ${issue.message}`
      : "the arguments are not a JSON object";
    return fail(
      new HttpError(422, "invalid_arguments", `The arguments do not fit: ${detail}`, {}, {
        detail,
      }),
      started,
    );
  }
  const needsApproval = tool.risk !== "read" &&
    run.settings.approve[tool.risk as Exclude<Risk, "read">];
  if (needsApproval) {
    step.state = "waiting";
    emit();
    const asked = deps.approvals.ask(turn.profileId, {
      stepId: step.id,
      name: step.name,
      risk: step.risk,
      arguments: step.arguments,
    }, turn.signal);
    turn.out.emit("approval", asked.request);
    const decision = await asked.decision;
    turn.out.emit("approval", { ...asked.request, decision });
    if (decision !== "approved") {
      const err = decision === "expired"
        ? new HttpError(403, "approval_expired", "Nobody approved this step in time.")
        : new HttpError(403, "denied", "The user did not allow this step.");
      return fail(err, started, "denied");
    }
  }
  step.state = "running";
  emit();
  const ran = performance.now();
  try {
    const ctx = await run.context();
    if (tool.risk !== "read") await run.beforeChange(ctx);
    const result: ToolResult = await tool.run(ctx, parsed.data);
    // An assistant action (a todo added…): its card, with Undo, goes with the step (undo finds
    // it in `meta.steps`) and streams as assistant mode's does.
    if (result.card) turn.out.emit("action", result.card);
    const content = result.content.length > MODEL_CHARS
      ? `${result.content.slice(0, MODEL_CHARS)}\n[cut at ${MODEL_CHARS} characters]`
      : result.content;
    return end("done", content, {
      summary: result.summary,
      ...(result.path && { path: result.path }),
      ...(result.card && { card: result.card }),
    }, ran);
  } catch (err) {
    if (turn.signal.aborted) throw err;
    if (err instanceof HttpError) {
      if (ESCAPES.has(err.code)) {
        deps.log.warn("agent tool refused an escape", {
          tool: tool.name,
          code: err.code,
          profileId: turn.profileId,
          conversationId: turn.conversationId,
          arguments: step.arguments,
        });
      } else if (err.status >= 500) {
        deps.log.error("agent tool failed", {
          tool: tool.name,
          code: err.code,
          error: err.message,
        });
      }
      return fail(err, ran);
    }
    deps.log.error("agent tool failed", {
      tool: tool.name,
      profileId: turn.profileId,
      error: String(err),
    });
    return fail(new HttpError(500, "tool_failed", "The tool failed."), ran);
  }
}

/**
 * The steps as a reply ended: one still waiting for approval counts as denied, one still running
 * as failed (the reply was stopped or interrupted), so a reload never shows one spinning.
 */
export function endedSteps(steps: ToolStep[], ending: string): ToolStep[] {
  return steps.map((s) =>
    s.state === "waiting"
      ? { ...s, state: "denied", code: "denied" }
      : s.state === "running"
      ? { ...s, state: "error", code: ending }
      : s
  );
}

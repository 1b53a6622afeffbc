/**
 * Running a gem: the values are checked against its form, the instructions rendered (each value
 * put in once), and a task of kind `gem`, owned by the profile, streams the model's answer as a
 * chat reply does (`meta`, `wait`, `thinking`, `token`, `done` or `error`, resumable and
 * cancellable through `/api/tasks`), at `interactive` priority, with the gem's model and
 * sampling options and the model's one context size (`model_context.ts`, so no reload).
 *
 * A photo field's photo (uploaded like a chat photo) goes to the model as an image; a model that
 * cannot see is refused before anything runs. With an output schema the model is asked for JSON
 * in that shape (`format`); an answer that does not follow it is asked for once more with what
 * was wrong (a `retry` event tells the page to start the text over), and a second wrong answer
 * ends the run with `invalid_output` naming the problems (its text kept in the run). Whatever the
 * ending, the run is stored (`gem_runs`).
 */
import type { ChatMessage, ChatProvider, ChatRequest, ToolCall } from "../ai/types.ts";
import type { AssistantContext, ToolOutcome } from "../assistant/context.ts";
import { ASSISTANT_TOOLS } from "../assistant/tools.ts";
import { getProfile } from "../auth/profiles.ts";
import { type Locale, translator } from "../i18n/mod.ts";
import type { ListFeeds } from "../lists/feed.ts";
import { requireVision, unsentAttachments, withImages } from "../chat/attachments.ts";
import { modelContext } from "../chat/model_context.ts";
import { waitData } from "../chat/events.ts";
import { checkValues, renderInstructions } from "../../components/gems/fields.ts";
import { checkAnswer } from "../../components/gems/json_schema.ts";
import type { Db } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import type { Logger } from "../log/logger.ts";
import { newTaskId, type TaskRegistry } from "../tasks/registry.ts";
import { profileOwner } from "../tasks/owner.ts";
import type { Task, TaskStatus } from "../tasks/task.ts";
import { newId } from "../db/ids.ts";
import { finishRun, GemFieldError, insertRun } from "./store.ts";
import type { Gem, GemRunStatus } from "./types.ts";
import type { Passage } from "../rag/retrieve.ts";
import { checkReplyOf, checkUse } from "../limits/check.ts";
import { allowedTools, limitTools } from "../limits/use.ts";

/** A passage retrieval found. */
export type { Passage };

/** lib/rag's `retrieve`, bound to its own deps: passages the profile may read. */
export type Retrieve = (req: {
  profileId: string;
  query: string;
  documents?: readonly string[];
  k?: number;
  signal?: AbortSignal;
}) => Promise<Passage[]>;

/** What running a gem needs. */
export interface GemDeps {
  db: Db;
  tasks: TaskRegistry;
  provider(): ChatProvider;
  log: Logger;
  /** The household's default model (config `models.chat`). */
  defaultModel(): string;
  contextSizes?(): Record<string, number>;
  /** The clock a limited profile's quiet hours and daily replies read; default `Date.now`. */
  now?(): number;
  /** Retrieval over the gem's documents; absent, a gem's documents are not read. */
  retrieve?: Retrieve;
  /** What the assistant's (read-only) tools need; absent, a gem's tools are not offered. */
  assistant?: { feeds: ListFeeds; locale: Locale; now(): number };
}

/** What a started run returns to the route. */
export interface StartedRun {
  runId: string;
  task: Task;
}

const STATUS: Record<Exclude<TaskStatus, "running">, GemRunStatus> = {
  done: "complete",
  error: "error",
  cancelled: "cancelled",
  truncated: "truncated",
  interrupted: "interrupted",
};

/** How many passages a gem's documents add to its prompt. */
const PASSAGES = 5;
/** Model requests of one run at most, tool calls included. */
const MAX_STEPS = 5;

/** What a tool's outcome tells the model. */
function outcomeText(outcome: ToolOutcome): string {
  if (outcome.type === "done" && outcome.card) {
    return `${outcome.text}\n${JSON.stringify(outcome.card)}`;
  }
  if (outcome.type === "done" || outcome.type === "ask") return outcome.text;
  if (outcome.type === "briefing") return JSON.stringify(outcome.today);
  return "";
}

/** Runs one tool call of a gem's allowed tools; a failure is told to the model, not thrown. */
async function runTool(
  ctx: AssistantContext,
  allowed: readonly string[],
  call: { name: string; arguments: Record<string, unknown> },
): Promise<string> {
  const tool = allowed.includes(call.name) ? ASSISTANT_TOOLS.get(call.name) : undefined;
  if (!tool) return `There is no tool "${call.name}" here.`;
  const args = tool.input.safeParse(call.arguments);
  if (!args.success) return `The arguments do not fit: ${args.error.issues[0]?.message ?? ""}`;
  try {
    return outcomeText(await tool.run(ctx, args.data));
  } catch (err) {
    return `The tool failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** The message that asks for a corrected answer. */
export function retryPrompt(problems: string[]): string {
  return "Your answer did not follow the required JSON schema:\n" +
    problems.map((p) => `- ${p}`).join("\n") +
    "\nAnswer again with only the corrected JSON.";
}

/** The documents of a gem's ids: documents as they are, folders as the documents in them. */
async function gemDocuments(db: Db, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db.kysely.selectFrom("documents").select("id")
    .where((eb) => eb.or([eb("id", "in", [...ids]), eb("folder_id", "in", [...ids])]))
    .execute();
  return rows.map((r) => r.id);
}

/** The passages as a context block the model reads before the task. */
function contextBlock(passages: Passage[]): string {
  return "Use these passages from the household's documents where they help:\n\n" +
    passages.map((p, i) => `[${i + 1}] ${p.name}${p.heading ? ` › ${p.heading}` : ""}\n${p.text}`)
      .join("\n\n");
}

/** Checks the values, stores the run and starts its task. */
export async function startGemRun(
  deps: GemDeps,
  input: {
    profileId: string;
    gem: Gem;
    values: Record<string, unknown>;
    attachments?: string[];
  },
): Promise<StartedRun> {
  const { profileId, gem } = input;
  // A limited profile's gems (lib/limits/): refused before anything else is looked at.
  await checkUse(deps.db.kysely, profileId, "gems", gem.id, gem.name);
  const checked = checkValues(gem.fields, input.values);
  const problem = checked.problems[0];
  if (problem) {
    const name = problem.field.slice("values.".length);
    const label = gem.fields.find((f) => f.name === name)?.label ?? name;
    const code = problem.code === "missing"
      ? "gem_value_missing"
      : problem.code === "unknown_field"
      ? "unknown_field"
      : "gem_value_invalid";
    const detail = problem.message.replace(/^“[^”]*” /, "").replace(/\.$/, "");
    throw new GemFieldError(problem.field, code, problem.message, { name: label, detail });
  }
  const values = checked.values;
  const model = gem.model || deps.defaultModel();
  if (!model) {
    throw new HttpError(
      409,
      "no_model",
      "No chat model is chosen yet: pick one in the model menu.",
    );
  }
  const provider = deps.provider();
  const photoIds = [
    ...gem.fields.filter((f) => f.type === "image" && values[f.name] !== undefined)
      .map((f) => String(values[f.name])),
    ...(input.attachments ?? []),
  ];
  if (photoIds.length) {
    await unsentAttachments(deps.db.kysely, profileId, photoIds);
    await requireVision(provider, model);
  }
  const prompt = renderInstructions(gem.instructions, gem.fields, values).trim();
  deps.tasks.admit();
  const runId = newId();
  const taskId = newTaskId();
  // A limited profile: its model, quiet hours and the day's replies (a run counts as one),
  // counted in the run's own transaction so a refused run counts nothing.
  const allowed = await allowedTools(deps.db.kysely, profileId);
  await deps.db.kysely.transaction().execute(async (tx) => {
    await checkReplyOf(tx, profileId, model, new Date(deps.now?.() ?? Date.now()));
    await insertRun(tx, profileId, { id: runId, gemId: gem.id, values, prompt, model, taskId });
  });
  const gemTools = limitTools(gem.tools.map((name) => ({ name })), allowed).map((t) => t.name);
  let output = "";
  let failure: { code: string; message: string } | undefined;
  const schema = gem.outputSchema;
  const ids = { runId, gemId: gem.id };
  let task: Task;
  try {
    task = deps.tasks.start({
      id: taskId,
      owner: profileOwner(profileId),
      kind: "gem",
      meta: { ...ids, model },
      async run(out, signal) {
        out.emit("meta", { ...ids, taskId, model });
        const context = await modelContext(provider, model, deps.contextSizes?.(), signal);
        const canThink = context.description?.capabilities.includes("thinking") ?? false;
        const messages: ChatMessage[] = [];
        if (gem.documents.length && deps.retrieve) {
          const documents = await gemDocuments(deps.db, gem.documents);
          const passages = documents.length
            ? await deps.retrieve({ profileId, query: prompt, documents, k: PASSAGES, signal })
            : [];
          if (passages.length) messages.push({ role: "system", content: contextBlock(passages) });
        }
        const [user] = await withImages(deps.db.kysely, profileId, [{
          role: "user",
          content: prompt,
          ...(photoIds.length && { attachmentIds: photoIds }),
        }], true);
        messages.push(user);
        const { temperature, maxTokens, seed } = gem.parameters;
        const capabilities = context.description?.capabilities ?? [];
        const offer = gemTools.length > 0 && !!deps.assistant &&
          (!capabilities.length || capabilities.includes("tools"));
        const toolCtx: AssistantContext | null = offer
          ? {
            db: deps.db,
            feeds: deps.assistant!.feeds,
            profileId,
            timeZone: (await getProfile(deps.db, profileId)).timeZone,
            locale: deps.assistant!.locale,
            now: new Date(deps.assistant!.now()),
            t: translator(deps.assistant!.locale),
            // Read-only tools record no action, so no reply is needed to hang an undo on.
            messageId: "",
          }
          : null;
        const tools = toolCtx
          ? ASSISTANT_TOOLS.specs().filter((spec) => gemTools.includes(spec.name))
          : undefined;
        let retried = false;
        // Tools are offered until the model answers without one (and never on the last step).
        let toolsDone = false;
        for (let step = 0;; step++) {
          const offerTools = tools && !toolsDone && step < MAX_STEPS - 1 ? tools : undefined;
          const calls: ToolCall[] = [];
          const request: ChatRequest = {
            model,
            messages,
            options: {
              ...(context.numCtx && { numCtx: context.numCtx }),
              ...(temperature !== undefined && { temperature }),
              ...(maxTokens !== undefined && { maxTokens }),
              ...(seed !== undefined && { seed }),
            },
            ...(offerTools && { tools: offerTools }),
            ...(schema && !offerTools && { format: schema }),
            // A JSON answer is wanted at once; reasoning is the model's default otherwise.
            ...(canThink && schema && { think: false }),
          };
          output = "";
          let stats: Record<string, unknown> = {};
          for await (
            const event of provider.chat(request, {
              signal,
              priority: "interactive",
              owner: profileId,
              label: "gem",
            })
          ) {
            if (event.type === "wait") {
              out.emit("wait", waitData(event));
            } else if (event.type === "thinking") {
              out.emit("thinking", { text: event.text });
            } else if (event.type === "token") {
              output += event.text;
              out.emit("token", { text: event.text });
            } else if (event.type === "tool_call") {
              calls.push({ id: event.id, name: event.name, arguments: event.arguments });
              out.emit("tool", { name: event.name, arguments: event.arguments });
            } else if (event.type === "done") {
              stats = {
                promptTokens: event.promptTokens,
                completionTokens: event.completionTokens,
                totalMs: event.totalMs,
                tokensPerSecond: event.tokensPerSecond,
                doneReason: event.doneReason,
              };
            }
          }
          if (calls.length && toolCtx) {
            messages.push({ role: "assistant", content: output, toolCalls: calls });
            for (const call of calls) {
              const content = await runTool(toolCtx, gemTools, call);
              messages.push({ role: "tool", content, toolCallId: call.id, name: call.name });
            }
            out.emit("retry", { tools: calls.map((c) => c.name) });
            continue;
          }
          toolsDone = true;
          if (!schema) {
            out.emit("done", stats);
            return;
          }
          const answer = checkAnswer(output, schema);
          if (answer.ok) {
            out.emit("done", { ...stats, json: answer.value });
            return;
          }
          if (retried) {
            const detail = answer.problems.slice(0, 5).join("; ");
            failure = {
              code: "invalid_output",
              message: `The model's answer did not follow the output schema: ${detail}`,
            };
            throw new HttpError(502, failure.code, failure.message, {}, { detail });
          }
          retried = true;
          out.emit("retry", { problems: answer.problems });
          messages.push(
            { role: "assistant", content: output },
            { role: "user", content: retryPrompt(answer.problems) },
          );
        }
      },
      async onEnd(ended) {
        const status = STATUS[ended.status as Exclude<TaskStatus, "running">] ?? "error";
        let error = failure;
        for (let i = ended.length - 1; !error && i >= 0 && i >= ended.length - 3; i--) {
          const chunk = ended.chunkAt(i);
          if (chunk?.event === "error") error = JSON.parse(chunk.data);
        }
        await finishRun(deps.db.kysely, profileId, runId, {
          status,
          output,
          ...(status !== "complete" && error && { error }),
        });
      },
    });
  } catch (err) {
    await finishRun(deps.db.kysely, profileId, runId, {
      status: "error",
      output: "",
      error: err instanceof HttpError
        ? { code: err.code, message: err.message }
        : { code: "task_failed", message: "The run could not be started." },
    });
    throw err;
  }
  return { runId, task };
}

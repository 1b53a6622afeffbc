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
import type { ChatMessage, ChatProvider, ChatRequest } from "../ai/types.ts";
import { requireVision, unsentAttachments, withImages } from "../chat/attachments.ts";
import { modelContext } from "../chat/model_context.ts";
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

/** A passage retrieval found (lib/rag/retrieve.ts's `Passage`). */
export interface Passage {
  chunkId: number;
  documentId: string;
  name: string;
  heading: string;
  text: string;
  start: number;
  end: number;
  score: number;
}

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
  /** Retrieval over the gem's documents; absent, a gem's documents are not read. */
  retrieve?: Retrieve;
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
  await insertRun(deps.db.kysely, profileId, {
    id: runId,
    gemId: gem.id,
    values,
    prompt,
    model,
    taskId,
  });
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
        for (let attempt = 0;; attempt++) {
          const request: ChatRequest = {
            model,
            messages,
            options: {
              ...(context.numCtx && { numCtx: context.numCtx }),
              ...(temperature !== undefined && { temperature }),
              ...(maxTokens !== undefined && { maxTokens }),
              ...(seed !== undefined && { seed }),
            },
            ...(schema && { format: schema }),
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
              out.emit(
                "wait",
                event.position === undefined
                  ? { state: event.state }
                  : { state: event.state, position: event.position },
              );
            } else if (event.type === "thinking") {
              out.emit("thinking", { text: event.text });
            } else if (event.type === "token") {
              output += event.text;
              out.emit("token", { text: event.text });
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
          if (!schema) {
            out.emit("done", stats);
            return;
          }
          const answer = checkAnswer(output, schema);
          if (answer.ok) {
            out.emit("done", { ...stats, json: answer.value });
            return;
          }
          if (attempt >= 1) {
            const detail = answer.problems.slice(0, 5).join("; ");
            failure = {
              code: "invalid_output",
              message: `The model's answer did not follow the output schema: ${detail}`,
            };
            throw new HttpError(502, failure.code, failure.message, {}, { detail });
          }
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

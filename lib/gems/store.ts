/**
 * Gems and their runs in the database. A gem is the household's (no owner; the admin writes it);
 * a run is a profile's and reached only through `owned()`.
 */
import type { Kysely, Selectable } from "kysely";
import { ASSISTANT_TOOLS } from "../assistant/tools.ts";
import { resolveFields } from "../../components/gems/fields.ts";
import { schemaProblems } from "../../components/gems/json_schema.ts";
import { newId } from "../db/ids.ts";
import { owned } from "../db/owned.ts";
import type { Database, GemRunsTable, GemsTable } from "../db/schema.ts";
import { HttpError, ValidationError } from "../http/errors.ts";
import type { Locale } from "../i18n/mod.ts";
import type { GemInput } from "./schemas.ts";
import { starterWords } from "./starters.ts";
import type { Gem, GemRun, GemRunStatus } from "./types.ts";

type DB = Kysely<Database>;

/** A 422 about one field of a gem or a run; `name` is said in the message in every language. */
export class GemFieldError extends ValidationError {
  constructor(field: string, code: string, message: string, params: Record<string, string> = {}) {
    super(field, message, code);
    Object.assign(this.params, params);
  }
}

/**
 * The tools a gem may use: those that only read (a run has no reply to hang an action's undo
 * on, and a template that silently writes todos would surprise), `chat` aside.
 */
export const GEM_TOOLS: readonly string[] = ASSISTANT_TOOLS.list()
  .filter((t) => t.risk === "read" && t.name !== "chat").map((t) => t.name);

export function gemNotFound(): HttpError {
  return new HttpError(404, "gem_not_found", "There is no such gem.");
}

/** A row as the API sends it; an unchanged starter in the viewer's language. */
function toGem(row: Selectable<GemsTable>, locale: Locale): Gem {
  const words = row.starter ? starterWords(row.starter, locale) : null;
  return {
    id: row.id,
    name: words?.name ?? row.name,
    icon: row.icon,
    description: words?.description ?? row.description,
    instructions: words?.instructions ?? row.instructions,
    fields: words?.fields ?? JSON.parse(row.fields),
    model: row.model,
    parameters: JSON.parse(row.parameters),
    outputSchema: row.output_schema === null ? null : JSON.parse(row.output_schema),
    tools: JSON.parse(row.tools),
    documents: JSON.parse(row.documents),
    starter: words ? row.starter : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Every gem, by name. */
export async function listGems(db: DB, locale: Locale): Promise<Gem[]> {
  const rows = await db.selectFrom("gems").selectAll().execute();
  return rows.map((r) => toGem(r, locale)).sort((a, b) => a.name.localeCompare(b.name, locale));
}

/** One gem; 404 `gem_not_found`. */
export async function getGem(db: DB, id: string, locale: Locale): Promise<Gem> {
  const row = await db.selectFrom("gems").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw gemNotFound();
  return toGem(row, locale);
}

/**
 * The admin's gem checked beyond its shape: the form from the placeholders (a field described
 * but unused, an unknown type, a select without options are 422s naming the field), the output
 * schema (only what `json_schema.ts` can check), the tools (names of the assistant's registry).
 */
export function checkGem(input: GemInput): { fields: Gem["fields"] } {
  const { fields, problems } = resolveFields(input.instructions, input.fields);
  const first = problems[0];
  if (first) {
    const index = Number(/^fields\.(\d+)/.exec(first.field)?.[1]);
    const name = Number.isInteger(index) ? input.fields[index]?.name ?? "" : "";
    throw new GemFieldError(first.field, first.code, first.message, { name });
  }
  if (input.outputSchema) {
    const wrong = schemaProblems(input.outputSchema);
    if (wrong.length) {
      throw new GemFieldError(
        "outputSchema",
        "invalid_output_schema",
        `The output schema is not one Hearth can check: ${wrong.slice(0, 3).join("; ")}.`,
        { detail: wrong.slice(0, 3).join("; ") },
      );
    }
  }
  input.tools.forEach((name, i) => {
    if (!ASSISTANT_TOOLS.get(name)) {
      throw new GemFieldError(`tools.${i}`, "unknown_tool", `There is no tool “${name}”.`, {
        name,
      });
    }
    if (!GEM_TOOLS.includes(name)) {
      throw new GemFieldError(
        `tools.${i}`,
        "tool_not_for_gems",
        `A gem may only use tools that read; “${name}” changes data.`,
        { name },
      );
    }
  });
  return { fields };
}

function columns(input: GemInput, fields: Gem["fields"]) {
  return {
    name: input.name,
    icon: input.icon,
    description: input.description,
    instructions: input.instructions,
    fields: JSON.stringify(fields),
    model: input.model,
    parameters: JSON.stringify(input.parameters),
    output_schema: input.outputSchema ? JSON.stringify(input.outputSchema) : null,
    tools: JSON.stringify([...new Set(input.tools)]),
    documents: JSON.stringify([...new Set(input.documents)]),
  };
}

/** Creates a gem. */
export async function createGem(db: DB, input: GemInput, locale: Locale): Promise<Gem> {
  const { fields } = checkGem(input);
  const now = new Date().toISOString();
  const id = newId();
  await db.insertInto("gems").values({
    id,
    starter: null,
    ...columns(input, fields),
    created_at: now,
    updated_at: now,
  }).execute();
  return await getGem(db, id, locale);
}

/** Replaces a gem; a starter's words stand as saved from now on. */
export async function updateGem(db: DB, id: string, input: GemInput, locale: Locale) {
  const { fields } = checkGem(input);
  const result = await db.updateTable("gems").set({
    starter: null,
    ...columns(input, fields),
    updated_at: new Date().toISOString(),
  }).where("id", "=", id).executeTakeFirst();
  if (!Number(result.numUpdatedRows)) throw gemNotFound();
  return await getGem(db, id, locale);
}

/** Deletes a gem and its runs. */
export async function deleteGem(db: DB, id: string): Promise<void> {
  const result = await db.deleteFrom("gems").where("id", "=", id).executeTakeFirst();
  if (!Number(result.numDeletedRows)) throw gemNotFound();
}

function runNotFound(id: string): HttpError {
  return new HttpError(404, "gem_run_not_found", "There is no such run.", {}, { id });
}

function toRun(row: Selectable<GemRunsTable>): GemRun {
  return {
    id: row.id,
    gemId: row.gem_id,
    values: JSON.parse(row.values),
    prompt: row.prompt,
    output: row.output,
    status: row.status,
    error: row.error ? JSON.parse(row.error) : null,
    model: row.model,
    taskId: row.task_id,
    createdAt: row.created_at,
  };
}

/** Stores a run as it starts. */
export async function insertRun(
  db: DB,
  profileId: string,
  run: {
    id: string;
    gemId: string;
    values: Record<string, string | number>;
    prompt: string;
    model: string;
    taskId: string;
  },
): Promise<void> {
  await owned(db, profileId).insertInto("gem_runs", {
    id: run.id,
    gem_id: run.gemId,
    values: JSON.stringify(run.values),
    prompt: run.prompt,
    status: "running",
    model: run.model,
    task_id: run.taskId,
    created_at: new Date().toISOString(),
  }).execute();
}

/** Stores how a run ended. */
export async function finishRun(
  db: DB,
  profileId: string,
  id: string,
  end: { status: GemRunStatus; output: string; error?: { code: string; message: string } },
): Promise<void> {
  await owned(db, profileId).update("gem_runs", id, {
    status: end.status,
    output: end.output,
    error: end.error ? JSON.stringify(end.error) : null,
    ended_at: new Date().toISOString(),
  });
}

/** One of the profile's runs; another's answers as a missing one. */
export async function getRun(db: DB, profileId: string, id: string): Promise<GemRun> {
  return toRun(await owned(db, profileId, { gem_runs: runNotFound }).get("gem_runs", id));
}

/** At start: runs a crash left `running` are `interrupted`. */
export async function interruptRuns(db: DB): Promise<void> {
  await db.updateTable("gem_runs").set({ status: "interrupted" }).where("status", "=", "running")
    .execute();
}

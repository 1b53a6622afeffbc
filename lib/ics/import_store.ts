/**
 * The second half of an ICS import (`import.ts` reads the file): its drafts written as the
 * profile's events, a batch per transaction, through the same schema and store as
 * `POST /api/events`.
 */
import type { Db } from "../db/mod.ts";
import { owned } from "../db/owned.ts";
import { HttpError } from "../http/errors.ts";
import { validationError } from "../http/validate.ts";
import { createEventSchema } from "../events/schemas.ts";
import { createEvent, updateEvent } from "../events/store.ts";
import type { Draft, ParsedFile, Skip } from "./import.ts";
import type { ImportedEvent, ImportReport } from "./types.ts";
import { yieldToEventLoop } from "../async.ts";

/** Events written per transaction, so an import never holds the database for long. */
const BATCH = 200;
/** Imported events the report shows. */
const SAMPLE = 20;
/** Left-out events the report lists (all are counted). */
const MAX_SKIPPED_LISTED = 200;

class Rollback extends Error {}

/**
 * Writes (or, with `dryRun`, only tries) the drafts as the profile's events, a batch per
 * transaction: an event whose UID was imported before is updated, others are created. What the
 * schema or the store refuses is skipped with its error. `say` puts an error in the reader's
 * language.
 */
export async function importDrafts(
  db: Db,
  profileId: string,
  file: ParsedFile,
  options: { dryRun: boolean; say: (err: HttpError) => string },
): Promise<ImportReport> {
  const report: ImportReport = {
    dryRun: options.dryRun,
    found: file.found,
    created: 0,
    updated: 0,
    sample: [],
    skipped: [],
    skippedCount: 0,
  };
  const skip = (s: Skip) => {
    report.skippedCount++;
    if (report.skipped.length >= MAX_SKIPPED_LISTED) return;
    const { uid, title, error } = s;
    report.skipped.push({ uid, title, code: error.code, reason: options.say(error) });
  };
  file.skipped.forEach(skip);
  for (let i = 0; i < file.drafts.length; i += BATCH) {
    const batch = file.drafts.slice(i, i + BATCH);
    const done: { imported: ImportedEvent[]; skips: Skip[] } = { imported: [], skips: [] };
    try {
      await db.kysely.transaction().execute(async (tx) => {
        for (const draft of batch) {
          const result = await writeDraft(tx, profileId, draft);
          if ("error" in result) done.skips.push(result);
          else done.imported.push(result);
        }
        if (options.dryRun) throw new Rollback();
      });
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }
    for (const e of done.imported) {
      if (e.action === "created") report.created++;
      else report.updated++;
      if (report.sample.length < SAMPLE) report.sample.push(e);
    }
    done.skips.forEach(skip);
    // Other requests get the database between batches.
    await yieldToEventLoop();
  }
  return report;
}

/** One draft through the schema and the store, inside the batch's transaction. */
async function writeDraft(
  tx: Db["kysely"],
  profileId: string,
  draft: Draft,
): Promise<ImportedEvent | Skip> {
  const { uid, input } = draft;
  const checked = createEventSchema.safeParse(input);
  if (!checked.success) return { uid, title: input.title, error: validationError(checked.error) };
  const mine = owned(tx, profileId);
  // One imported before by its UID, or one of this profile's own (its export's `{id}@hearth`).
  const own = /^(.+)@hearth$/.exec(uid)?.[1];
  // Two lookups, each on its index (an OR of the two would scan the profile's events).
  const existing =
    await mine.selectFrom("events").select("id").where("ics_uid", "=", uid).executeTakeFirst() ??
      (own
        ? await mine.selectFrom("events").select("id").where("id", "=", own).executeTakeFirst()
        : undefined);
  try {
    let event;
    if (existing) {
      // Every field, `end` too: one the file leaves out is the default again, not the old end.
      event = await updateEvent(tx, profileId, existing.id, {
        ...checked.data,
        end: checked.data.end,
      });
    } else {
      event = await createEvent(tx, profileId, checked.data);
      await mine.update("events", event.id, { ics_uid: uid });
    }
    return {
      uid,
      title: event.title,
      start: event.start,
      allDay: event.allDay,
      timeZone: event.timeZone,
      rrule: event.rrule,
      action: existing ? "updated" : "created",
      notes: draft.notes,
    };
  } catch (err) {
    if (err instanceof HttpError) return { uid, title: input.title, error: err };
    throw err;
  }
}

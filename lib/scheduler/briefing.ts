/**
 * The daily briefing: a profile's setting (a local time and a language, table
 * `briefing_settings`), the model's text written from the day's data (`lib/today`) at
 * `background` priority in the model queue, and the stored briefings (`briefings`), which
 * `GET /api/today` answers the newest of.
 */
import type { Kysely, Transaction } from "kysely";
import type { ChatProvider } from "../ai/types.ts";
import { modelContext } from "../chat/model_context.ts";
import { newId } from "../db/ids.ts";
import { owned } from "../db/owned.ts";
import type { Database } from "../db/schema.ts";
import { HttpError } from "../http/errors.ts";
import type { Locale } from "../i18n/mod.ts";
import { briefingTime } from "../notifications/schemas.ts";
import type { Briefing, Today } from "../today/types.ts";

type DB = Kysely<Database> | Transaction<Database>;

/** The longest briefing the model may write (tokens) and that is kept (characters). */
const MAX_TOKENS = 600;
const MAX_CHARS = 8_000;
/** How much of the day's data goes into the prompt (characters). */
const MAX_PROMPT_CHARS = 8_000;

/** A profile's briefing setting as stored. */
export interface BriefingSettingRow {
  time: string;
  locale: Locale;
  updatedAt: string;
}

/** The profile's briefing setting, or null when it has none (no daily briefing). */
export async function briefingSetting(
  db: DB,
  profileId: string,
): Promise<BriefingSettingRow | null> {
  const row = await owned(db, profileId).selectFrom("briefing_settings")
    .select(["time", "locale", "updated_at"]).executeTakeFirst();
  if (!row) return null;
  return { time: row.time, locale: row.locale === "de" ? "de" : "en", updatedAt: row.updated_at };
}

/**
 * Sets the daily briefing to `time` (`HH:MM`, local) written in `locale`, or turns it off
 * (null). A time set after today's has passed starts tomorrow.
 */
export async function setBriefingTime(
  db: Kysely<Database>,
  profileId: string,
  time: string | null,
  locale: Locale,
  now: number,
): Promise<void> {
  if (time !== null && !briefingTime.safeParse(time).success) {
    throw new HttpError(422, "invalid_briefing_time", "The time must look like 07:30.");
  }
  await db.transaction().execute(async (tx) => {
    const mine = owned(tx, profileId);
    await mine.deleteFrom("briefing_settings").execute();
    if (time === null) return;
    await mine.insertInto("briefing_settings", {
      id: newId(),
      time,
      locale,
      updated_at: new Date(now).toISOString(),
    }).execute();
  });
}

/** The profile's newest briefing for the local day `date`, or null. */
export async function latestBriefing(
  db: DB,
  profileId: string,
  date: string,
): Promise<Briefing | null> {
  const row = await owned(db, profileId).selectFrom("briefings")
    .select(["id", "date", "text", "created_at"])
    .where("date", "=", date)
    .orderBy("created_at", "desc").orderBy("id", "desc").limit(1).executeTakeFirst();
  return row ? { id: row.id, date: row.date, text: row.text, createdAt: row.created_at } : null;
}

/** The texts of the profile's briefings with these ids, by id. */
export async function briefingTexts(
  db: DB,
  profileId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await owned(db, profileId).selectFrom("briefings").select(["id", "text"])
    .where("id", "in", [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.text]));
}

/** Stores a briefing (inside the delivering transaction); answers its id. */
export async function addBriefing(
  db: DB,
  profileId: string,
  date: string,
  text: string,
  now: number,
): Promise<string> {
  const id = newId();
  await owned(db, profileId).insertInto("briefings", {
    id,
    date,
    text: [...text].slice(0, MAX_CHARS).join(""),
    created_at: new Date(now).toISOString(),
  }).execute();
  return id;
}

const LANGUAGE: Record<Locale, string> = { en: "English", de: "German" };

/** The day's data as plain lines for the prompt, capped. */
export function dayNotes(day: Today, locale: Locale): string {
  const zone = day.timeZone;
  const time = (iso: string) =>
    new Intl.DateTimeFormat(locale, { timeZone: zone, hour: "numeric", minute: "2-digit" })
      .format(new Date(iso));
  const lines: string[] = [];
  const section = (title: string, items: string[], total: number) => {
    if (!items.length) return;
    lines.push(`${title}${total > items.length ? ` (${items.length} of ${total})` : ""}:`);
    for (const item of items) lines.push(`- ${item.replace(/\s+/g, " ").slice(0, 200)}`);
  };
  section(
    "Overdue todos",
    day.overdue.items.map((t) => t.title),
    day.overdue.total,
  );
  section(
    "Todos due today",
    day.dueToday.items.map((t) => t.dueAllDay ? t.title : `${time(t.due!)} ${t.title}`),
    day.dueToday.total,
  );
  section(
    "Events today",
    day.events.items.map((e) =>
      `${e.allDay ? "all day" : `${time(e.start)}–${time(e.end)}`} ${e.title}${
        e.location ? ` (${e.location})` : ""
      }`
    ),
    day.events.total,
  );
  section("Pinned memos", day.pinnedMemos.map((m) => m.title || m.body.slice(0, 80)), 0);
  section(
    "Open list items",
    day.lists.items.map((l) => `${l.list.name}: ${l.items.map((i) => i.text).join(", ")}`),
    day.lists.total,
  );
  const text = lines.join("\n");
  return text.length > MAX_PROMPT_CHARS ? `${text.slice(0, MAX_PROMPT_CHARS)}…` : text;
}

/** What writing a briefing needs. */
export interface BriefingWriter {
  provider: ChatProvider;
  model: string;
  /** The admin's context sizes per model (config `models.contextSizes`). */
  contextSizes?: Record<string, number>;
}

/**
 * Asks the model for the briefing of `day` in `locale`, at `background` priority as `owner`:
 * a reply anyone waits for goes first. Throws what the provider throws (unreachable, no model).
 */
export async function writeBriefing(
  writer: BriefingWriter,
  owner: { id: string; name: string },
  day: Today,
  locale: Locale,
  signal: AbortSignal,
): Promise<string> {
  if (!writer.model) {
    throw new HttpError(409, "no_model", "No chat model is chosen yet.");
  }
  const context = await modelContext(writer.provider, writer.model, writer.contextSizes, signal);
  const canThink = context.description?.capabilities.includes("thinking");
  const notes = dayNotes(day, locale) || "Nothing is planned.";
  const date = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    weekday: "long",
    day: "numeric",
    month: "long",
  }).format(new Date(`${day.date}T00:00:00Z`));
  let text = "";
  for await (
    const e of writer.provider.chat({
      model: writer.model,
      messages: [
        {
          role: "system",
          content: `You write ${owner.name}'s short daily briefing in ${
            LANGUAGE[locale]
          }: a friendly opening line, then what matters today (events with their times, todos due and overdue, open list items), most important first, in a few short Markdown bullet points. Use only the facts given. Answer with the briefing only.`,
        },
        { role: "user", content: `Today is ${date}.\n\n${notes}` },
      ],
      options: {
        ...(context.numCtx ? { numCtx: context.numCtx } : {}),
        maxTokens: MAX_TOKENS,
        temperature: 0.4,
      },
      ...(canThink ? { think: false } : {}),
    }, { signal, priority: "background", owner: owner.id, label: "briefing" })
  ) {
    if (e.type === "token") text += e.text;
  }
  text = text.replace(/<think>[\s\S]*?<\/think>/g, "").trim();
  if (!text) throw new Error("the model wrote an empty briefing");
  return text;
}

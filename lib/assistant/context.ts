/**
 * What the assistant's tools get, what they answer, and the helpers they share: the stored
 * action (with its before-image for undo), picking the one item a request means (or asking),
 * and dates in the profile's zone and language.
 */
import type { z } from "zod";
import type { Db } from "../db/mod.ts";
import { newId } from "../db/ids.ts";
import { owned } from "../db/owned.ts";
import type { Locale, Translate } from "../i18n/mod.ts";
import type { ListFeeds } from "../lists/feed.ts";
import type { Today } from "../today/types.ts";
import type { ActionCard } from "./types.ts";
import { defineTool, type Tool } from "./registry.ts";
import { resolveWhen } from "./when.ts";
import type { Retrieve } from "../rag/chat.ts";

/** What a tool runs with: one profile, its zone and language, the reply it answers in. */
export interface AssistantContext {
  db: Db;
  feeds: ListFeeds;
  profileId: string;
  timeZone: string;
  locale: Locale;
  now: Date;
  t: Translate;
  /** The assistant message the action belongs to. */
  messageId: string;
  /** Searches the documents the profile may read (lib/rag/); absent, document search says so. */
  retrieve?: Retrieve;
}

/** What a tool answers. */
export type ToolOutcome =
  /** Done (or found): the reply's text and its card. */
  | { type: "done"; text: string; card?: ActionCard }
  /** Ambiguous or incomplete: a question back; nothing was changed. */
  | { type: "ask"; text: string }
  /** Not an action: answer as a chat. */
  | { type: "chat" }
  /** The daily briefing: the model writes it from these data. */
  | { type: "briefing"; today: Today; card: ActionCard };

/** What an action changed, as stored for undo. */
export interface ActionRecord {
  tool: string;
  target: Record<string, unknown>;
  before?: unknown;
  after?: unknown;
}

/** Stores an action; its id goes on the card. */
export async function recordAction(ctx: AssistantContext, action: ActionRecord): Promise<string> {
  const id = newId();
  await owned(ctx.db.kysely, ctx.profileId).insertInto("assistant_actions", {
    id,
    message_id: ctx.messageId,
    tool: action.tool,
    target: JSON.stringify(action.target),
    before: action.before === undefined ? null : JSON.stringify(action.before),
    after: action.after === undefined ? null : JSON.stringify(action.after),
    created_at: ctx.now.toISOString(),
    undone_at: null,
  }).execute();
  return id;
}

/** Reads the person's words for when; the start as an instant, or a date when all day. */
export async function whenOf(
  ctx: AssistantContext,
  text: string | undefined,
): Promise<{ start: Date; allDay: boolean; end?: Date; date: string } | null> {
  if (!text?.trim()) return null;
  const when = await resolveWhen(text, ctx);
  if (!when) return null;
  return { ...when, date: localDate(when.start, ctx.timeZone) };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DD` of an instant in a zone. */
export function localDate(at: Date | number | string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** "Thu 5 Mar, 18:00" (or without the time for a day) in the profile's zone and language. */
export function showWhen(ctx: AssistantContext, at: string | Date, allDay: boolean): string {
  const date = typeof at === "string" && /^\d{4}-\d{2}-\d{2}$/.test(at)
    ? new Date(`${at}T12:00:00Z`)
    : new Date(at);
  return new Intl.DateTimeFormat(ctx.locale, {
    timeZone: allDay && typeof at === "string" && at.length === 10 ? "UTC" : ctx.timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    ...(!allDay && { hour: "numeric", minute: "2-digit" }),
  }).format(date);
}

/** The wall time `YYYY-MM-DDTHH:MM` of an instant in a zone. */
export function wallText(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${localDate(at, timeZone)}T${pad(Number(get("hour")))}:${get("minute")}`;
}

/**
 * Finds items by the person's words: the whole phrase first; if nothing holds it ("the milk"
 * for "buy milk"), its longest word of three letters or more.
 */
export async function findByWords<T>(
  words: string,
  find: (text: string) => Promise<T[]>,
): Promise<T[]> {
  const found = await find(words);
  if (found.length) return found;
  const longest = words.split(/[\s,.;:!?"“”„']+/u).filter((w) => w.length >= 3)
    .sort((a, b) => b.length - a.length)[0];
  return longest && longest !== words.trim() ? await find(longest) : [];
}

/**
 * The one item a request names: an exact title first, else the only one containing the words.
 * None or several: a sentence to say instead (nothing is changed).
 */
export function pickOne<T>(
  ctx: AssistantContext,
  found: T[],
  match: string,
  label: (item: T) => string,
  titleOf: (item: T) => string,
): { item: T } | { ask: string } {
  const exact = found.filter((f) => titleOf(f).toLowerCase() === match.trim().toLowerCase());
  const candidates = exact.length === 1 ? exact : found;
  if (candidates.length === 1) return { item: candidates[0] };
  if (!candidates.length) return { ask: ctx.t("assistant.ask.none", { match }) };
  const names = candidates.slice(0, 5).map((c) => `“${label(c)}”`).join(", ");
  return { ask: ctx.t("assistant.ask.which", { match, n: candidates.length, names }) };
}

/** An assistant tool as the registry holds it. */
export type AssistantTool = Tool<AssistantContext, ToolOutcome>;

/** Declares an assistant tool (its arguments typed by its `input`). */
export function assistantTool<I extends z.ZodType>(
  tool: Tool<AssistantContext, ToolOutcome, I>,
): AssistantTool {
  return defineTool(tool) as unknown as AssistantTool;
}

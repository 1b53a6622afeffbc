/**
 * Quick add for todos: "buy milk tomorrow 9am #shop !high" → title "buy milk", due tomorrow at
 * 9:00 in the profile's zone, tag "shop", priority high. Tags are `#word`; priority is
 * `!high|!medium|!low` (`!hoch|!mittel|!niedrig`) or `!!!`, `!!`, `!`; the date words go through
 * `parseWhen` and leave the title. Stores nothing.
 */
import { parseWhen, type WhenOptions } from "./parse.ts";

/** A todo's priority. */
export type Priority = "high" | "medium" | "low";

/** The todo fields a quick-add line says. */
export interface QuickAdd {
  title: string;
  /** Absent when the line names no date. */
  due?: Date;
  allDay?: boolean;
  /** Lower-case, without `#`, each once, in the order written. */
  tags: string[];
  priority?: Priority;
}

const TAG = /(^|\s)#([\p{L}\p{N}_-]{1,40})(?=\s|$)/gu;
const PRIORITY = /(^|\s)!(high|medium|low|hoch|mittel|niedrig|!{0,2})(?=\s|$)/giu;
const WORDS: Record<string, Priority> = {
  high: "high",
  hoch: "high",
  medium: "medium",
  mittel: "medium",
  low: "low",
  niedrig: "low",
  "!!": "high",
  "!": "medium",
  "": "low",
};

/** A connecting word the date leaves at the title's end ("pay rent by"). */
const DANGLING = /\s+(by|on|at|due|until|bis|am|um|ab)$/i;

const tidy = (s: string) => s.replace(/\s+/g, " ").replace(/^[\s,;:–-]+|[\s,;:–-]+$/g, "");

/** Reads a quick-add line in the profile's zone and language. Nothing parseable: title only. */
export async function quickAdd(text: string, options: WhenOptions): Promise<QuickAdd> {
  const tags: string[] = [];
  let priority: Priority | undefined;
  let rest = text.replace(TAG, (_, lead: string, tag: string) => {
    const t = tag.toLowerCase();
    if (!tags.includes(t)) tags.push(t);
    return lead;
  }).replace(PRIORITY, (_, lead: string, word: string) => {
    priority ??= WORDS[word.toLowerCase()];
    return lead;
  });
  rest = tidy(rest);
  const when = await parseWhen(rest, options);
  if (!when) return { title: rest, tags, ...(priority ? { priority } : {}) };
  const title = tidy(rest.slice(0, when.index) + " " + rest.slice(when.index + when.text.length))
    .replace(DANGLING, "");
  return {
    // A line that is only a date ("tomorrow 9am") keeps it as its title.
    title: title || rest,
    due: when.start,
    allDay: when.allDay,
    tags,
    ...(priority ? { priority } : {}),
  };
}

/**
 * Event tools: create, query, update, delete. Times are the person's words, resolved by Hearth
 * in the profile's zone; the result is checked by the REST API's schemas and the store's rules.
 */
import { sql } from "kysely";
import { z } from "zod";
import { owned } from "../db/owned.ts";
import { createEventSchema, updateEventSchema } from "../events/schemas.ts";
import {
  createEvent,
  deleteEvent,
  eventsInWindow,
  getEvent,
  updateEvent,
} from "../events/store.ts";
import type { CalendarEvent } from "../events/types.ts";
import { parseWith } from "../http/validate.ts";
import { links } from "../links.ts";
import {
  type AssistantContext,
  type AssistantTool,
  assistantTool,
  findByWords,
  pickOne,
  recordAction,
  showWhen,
  type ToolOutcome,
  whenOf,
} from "./context.ts";
import type { ActionCard } from "./types.ts";

/** Where an event opens (the calendar's page for it). */

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const words = (what: string) =>
  z.string().max(200).describe(
    `${what}, in the user's own words, exactly as said ('tomorrow 3pm to 4pm', 'next Friday'). ` +
      "Never compute a date yourself.",
  );
const match = z.string().min(1).max(200).describe("Words of the event's title, as the user said");

function line(ctx: AssistantContext, e: { title: string; start: string; allDay: boolean }) {
  return `${e.title} · ${showWhen(ctx, e.start, e.allDay)}`;
}

function card(ctx: AssistantContext, tool: string, title: string, e: CalendarEvent, id: string) {
  return {
    actionId: id,
    tool,
    kind: "event",
    title: ctx.t(title),
    summary: line(ctx, e),
    href: links.event(e.id),
    edit: ctx.t("assistant.edit.event", { title: e.title }),
  } satisfies ActionCard;
}

/** The start and end fields of an event from the person's words; null when none was found. */
async function timesOf(ctx: AssistantContext, text: string | undefined) {
  const w = await whenOf(ctx, text);
  return w && timesFrom(w);
}

/** An event's start and end fields from words already read (`whenOf`). */
function timesFrom(w: NonNullable<Awaited<ReturnType<typeof whenOf>>>) {
  if (w.allDay) {
    const next = new Date(Date.parse(`${w.date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    return { start: w.date, end: next, allDay: true };
  }
  const end = w.end ?? new Date(w.start.getTime() + HOUR);
  return { start: w.start.toISOString(), end: end.toISOString(), allDay: false };
}

/** The profile's events whose title holds `text`; with `on`, only those with an occurrence that day. */
async function find(ctx: AssistantContext, text: string, on?: string): Promise<CalendarEvent[]> {
  const rows = await owned(ctx.db.kysely, ctx.profileId).selectFrom("events").select("id")
    .where(sql<boolean>`instr(lower(title), ${text.trim().toLowerCase()}) > 0`)
    .orderBy("first_at").limit(20).execute();
  let ids = rows.map((r) => r.id);
  const day = await whenOf(ctx, on);
  if (day && ids.length) {
    const from = new Date(Date.parse(`${day.date}T00:00:00Z`) - 14 * HOUR);
    const occurrences = await eventsInWindow(ctx.db.kysely, ctx.profileId, {
      from: from.toISOString(),
      to: new Date(from.getTime() + 52 * HOUR).toISOString(),
    }, 5_000);
    const that = new Set(
      occurrences.filter((o) => localDay(ctx, o.start, o.allDay) === day.date).map((o) =>
        o.eventId
      ),
    );
    ids = ids.filter((id) => that.has(id));
  }
  return await Promise.all(ids.map((id) => getEvent(ctx.db.kysely, ctx.profileId, id)));
}

function localDay(ctx: AssistantContext, start: string, allDay: boolean): string {
  return allDay ? start.slice(0, 10) : new Intl.DateTimeFormat("en-CA", {
    timeZone: ctx.timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(start));
}

async function one(ctx: AssistantContext, text: string, on?: string) {
  const found = await findByWords(text, (w) => find(ctx, w, on));
  return pickOne(ctx, found, text, (e) => line(ctx, e), (e) => e.title);
}

/** An event as `createEventSchema` takes it, to bring a deleted one back. */
function eventInput(e: CalendarEvent) {
  return {
    title: e.title,
    notes: e.notes,
    location: e.location,
    start: e.start,
    end: e.end,
    allDay: e.allDay,
    timeZone: e.timeZone,
    reminderMinutes: e.reminderMinutes,
    rrule: e.rrule,
    exdates: e.exdates,
  };
}

const createEventTool = assistantTool({
  name: "create_event",
  description: "Put an appointment or event in the calendar ('dentist on Tuesday at 3').",
  risk: "write",
  input: z.object({
    title: z.string().min(1).max(500).describe("What it is, without the date words"),
    when: words("When it starts (and ends, if said)").optional(),
    location: z.string().max(500).optional(),
    notes: z.string().max(10_000).optional(),
  }),
  async run(ctx, args): Promise<ToolOutcome> {
    if (!args.when?.trim()) {
      return { type: "ask", text: ctx.t("assistant.ask.eventWhen", { title: args.title }) };
    }
    const times = await timesOf(ctx, args.when);
    if (!times) return { type: "ask", text: ctx.t("assistant.ask.when", { when: args.when }) };
    const input = parseWith(createEventSchema, {
      title: args.title,
      ...times,
      timeZone: ctx.timeZone,
      ...(args.location && { location: args.location }),
      ...(args.notes && { notes: args.notes }),
    });
    const event = await createEvent(ctx.db.kysely, ctx.profileId, input);
    const id = await recordAction(ctx, {
      tool: "create_event",
      target: { kind: "event", id: event.id },
      after: event,
    });
    return {
      type: "done",
      text: ctx.t("assistant.done.createEvent", { summary: line(ctx, event) }),
      card: card(ctx, "create_event", "assistant.card.eventAdded", event, id),
    };
  },
});

const queryEvents = assistantTool({
  name: "query_events",
  description: "List appointments: what is on today, tomorrow, this week, or about something.",
  risk: "read",
  input: z.object({
    when: words("Which day").optional(),
    text: z.string().max(200).optional().describe("Words the events' titles contain"),
  }),
  async run(ctx, args): Promise<ToolOutcome> {
    const day = await whenOf(ctx, args.when);
    const from = day ? new Date(Date.parse(`${day.date}T00:00:00Z`) - 14 * HOUR) : ctx.now;
    const to = day ? new Date(from.getTime() + 52 * HOUR) : new Date(ctx.now.getTime() + 7 * DAY);
    const found = await eventsInWindow(ctx.db.kysely, ctx.profileId, {
      from: from.toISOString(),
      to: to.toISOString(),
    }, 5_000);
    const text = args.text?.trim().toLowerCase();
    const items = found.filter((o) =>
      (!day || localDay(ctx, o.start, o.allDay) === day.date) &&
      (!text || o.title.toLowerCase().includes(text))
    ).slice(0, 20).map((o) => ({
      title: o.title,
      detail: showWhen(ctx, o.start, o.allDay) + (o.location ? ` · ${o.location}` : ""),
      href: links.event(o.eventId),
    }));
    return {
      type: "done",
      text: items.length
        ? ctx.t("assistant.done.found", { n: items.length })
        : ctx.t("assistant.done.foundNone"),
      card: {
        tool: "query_events",
        kind: "event",
        title: ctx.t("assistant.card.events"),
        summary: ctx.t("assistant.card.count", { n: items.length }),
        items,
      },
    };
  },
});

const updateEventTool = assistantTool({
  name: "update_event",
  description: "Change an appointment: move it, rename it, change its place.",
  risk: "write",
  input: z.object({
    match,
    on: words("The day it is on now, if the user said").optional(),
    title: z.string().min(1).max(500).optional(),
    when: words("The new time").optional(),
    location: z.string().max(500).optional(),
  }),
  async run(ctx, args): Promise<ToolOutcome> {
    const picked = await one(ctx, args.match, args.on);
    if ("ask" in picked) return { type: "ask", text: picked.ask };
    const before = picked.item;
    let times: ReturnType<typeof timesFrom> | undefined;
    if (args.when?.trim()) {
      const w = await whenOf(ctx, args.when);
      if (!w) return { type: "ask", text: ctx.t("assistant.ask.when", { when: args.when }) };
      times = timesFrom(w);
      // Moved without a new end: it keeps its length.
      if (!times.allDay && !before.allDay && !w.end) {
        const length = Date.parse(before.end) - Date.parse(before.start);
        times.end = new Date(Date.parse(times.start) + length).toISOString();
      }
    }
    const change = {
      ...(args.title && { title: args.title }),
      ...(args.location !== undefined && { location: args.location }),
      ...(times && times),
    };
    if (!Object.keys(change).length) {
      return { type: "ask", text: ctx.t("assistant.ask.change", { title: before.title }) };
    }
    const event = await updateEvent(
      ctx.db.kysely,
      ctx.profileId,
      before.id,
      parseWith(updateEventSchema, change),
    );
    const id = await recordAction(ctx, {
      tool: "update_event",
      target: { kind: "event", id: event.id },
      before,
    });
    return {
      type: "done",
      text: ctx.t("assistant.done.updateEvent", { summary: line(ctx, event) }),
      card: card(ctx, "update_event", "assistant.card.eventChanged", event, id),
    };
  },
});

const deleteEventTool = assistantTool({
  name: "delete_event",
  description: "Delete an appointment from the calendar (a whole series if it repeats).",
  risk: "write",
  input: z.object({ match, on: words("The day it is on, if the user said").optional() }),
  async run(ctx, args): Promise<ToolOutcome> {
    const picked = await one(ctx, args.match, args.on);
    if ("ask" in picked) return { type: "ask", text: picked.ask };
    const event = picked.item;
    await deleteEvent(ctx.db.kysely, ctx.profileId, event.id);
    const id = await recordAction(ctx, {
      tool: "delete_event",
      target: { kind: "event", id: event.id },
      before: event,
    });
    return {
      type: "done",
      text: ctx.t("assistant.done.deleteEvent", { summary: line(ctx, event) }),
      card: card(ctx, "delete_event", "assistant.card.eventDeleted", event, id),
    };
  },
});

/** The event tools. */
export const EVENT_TOOLS: AssistantTool[] = [
  createEventTool,
  queryEvents,
  updateEventTool,
  deleteEventTool,
];

/** Undoes an event action; answers the new `href` when the event came back with a new id. */
export async function undoEvent(
  ctx: Pick<AssistantContext, "db" | "profileId">,
  tool: string,
  target: { id: string },
  before: unknown,
): Promise<string | undefined> {
  const db = ctx.db.kysely;
  if (tool === "create_event") {
    await deleteEvent(db, ctx.profileId, target.id).catch((err) => {
      if ((err as { status?: number }).status !== 404) throw err;
    });
  } else if (tool === "update_event") {
    await updateEvent(db, ctx.profileId, target.id, eventInput(before as CalendarEvent));
  } else if (tool === "delete_event") {
    const back = await createEvent(
      db,
      ctx.profileId,
      parseWith(createEventSchema, eventInput(before as CalendarEvent)),
    );
    return links.event(back.id);
  }
  return undefined;
}

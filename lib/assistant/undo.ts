/**
 * Undoing an action from chat: per profile (another's action is the 404 of a missing one) and
 * once. The first undo claims the action (`undone_at`, a conditional update), reverses it through
 * the stores from its stored before-image, and marks the reply's card undone, so a reload shows
 * it; a second undo changes nothing and answers the same card. A reversal that fails releases
 * the claim, so it can be tried again. An agent reply keeps its cards in its steps (`meta.steps`).
 */
import type { Db } from "../db/mod.ts";
import { owned } from "../db/owned.ts";
import { HttpError } from "../http/errors.ts";
import type { ListFeeds } from "../lists/feed.ts";
import { getMessage, updateMessage } from "../chat/store.ts";
import { undoEvent } from "./tools_events.ts";
import { undoMore } from "./tools_more.ts";
import { undoTodo } from "./tools_todos.ts";
import type { ActionCard, UndoResult } from "./types.ts";

/** What an undo needs. */
export interface UndoDeps {
  db: Db;
  feeds: ListFeeds;
  now(): number;
}

const notFound = () => new HttpError(404, "action_not_found", "No such action.");

/**
 * The card of action `id` on its reply: an assistant reply's `meta.card`, or the card of one of
 * an agent reply's `meta.steps` (the agent runs these tools too, lib/tools/assistant.ts).
 */
async function cardOf(deps: UndoDeps, profileId: string, messageId: string | null, id: string) {
  const message = messageId
    ? await getMessage(deps.db.kysely, profileId, messageId).catch(() => null)
    : null;
  const card = message?.meta.card as ActionCard | undefined;
  if (card?.actionId === id) return { message, card };
  const steps = Array.isArray(message?.meta.steps) ? message.meta.steps as StepWithCard[] : [];
  return { message, card: steps.find((s) => s?.card?.actionId === id)?.card };
}

/** A step of an agent reply as undo reads it: only its card matters here. */
type StepWithCard = { card?: ActionCard } | null;

/**
 * The reply's meta with action `id`'s card replaced by `card`: in `meta.card` and in the step that
 * made it (an agent reply's last action is in both).
 */
function metaWith(meta: Record<string, unknown>, id: string, card: ActionCard) {
  const patch: Record<string, unknown> = {};
  if ((meta.card as ActionCard | undefined)?.actionId === id) patch.card = card;
  if (Array.isArray(meta.steps)) {
    patch.steps = (meta.steps as StepWithCard[]).map((s) =>
      s?.card?.actionId === id ? { ...s, card } : s
    );
  }
  return patch;
}

/** Undoes action `id` of `profileId` (see the module comment). */
export async function undoAction(
  deps: UndoDeps,
  profileId: string,
  id: string,
): Promise<UndoResult> {
  const mine = owned(deps.db.kysely, profileId, { assistant_actions: notFound });
  const action = await mine.get("assistant_actions", id);
  const at = new Date(deps.now()).toISOString();
  const claimed = await mine.updateTable("assistant_actions", { undone_at: at })
    .where("id", "=", id).where("undone_at", "is", null).executeTakeFirst();
  const { message, card } = await cardOf(deps, profileId, action.message_id, id);
  const fallback: ActionCard = {
    actionId: id,
    tool: action.tool,
    kind: "todo",
    title: "",
    summary: "",
  };
  if (!Number(claimed.numUpdatedRows)) {
    return { card: { ...(card ?? fallback), undone: true }, changed: false };
  }
  const target = JSON.parse(action.target);
  const before = action.before === null ? undefined : JSON.parse(action.before);
  const after = action.after === null ? undefined : JSON.parse(action.after);
  const ctx = { db: deps.db, profileId, feeds: deps.feeds };
  let href: string | undefined;
  try {
    if (target.kind === "todo") href = await undoTodo(ctx, action.tool, target, before, after);
    else if (target.kind === "event") href = await undoEvent(ctx, action.tool, target, before);
    else href = await undoMore(ctx, action.tool, target, before);
  } catch (err) {
    await mine.updateTable("assistant_actions", { undone_at: null }).where("id", "=", id)
      .execute();
    throw err;
  }
  const undone: ActionCard = { ...(card ?? fallback), undone: true, ...(href && { href }) };
  if (message && card) {
    await updateMessage(deps.db.kysely, profileId, message.id, {
      meta: metaWith(message.meta, id, undone),
    });
  }
  return { card: undone, changed: true };
}

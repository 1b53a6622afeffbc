/** The assistant's shapes the chat page reads (browser-safe: no imports). */

/** What a card is about. */
export type CardKind = "todo" | "event" | "memo" | "list" | "search" | "briefing";

/** One found item on a query or search card. */
export interface CardItem {
  title: string;
  /** When it is due or starts, its list, its kind… */
  detail?: string;
  href?: string;
}

/**
 * The card an assistant reply shows (kept in the reply's `meta.card`): what was done, with Open,
 * Edit and, for a change, Undo.
 */
export interface ActionCard {
  /** The stored action (`POST /api/assistant/actions/{id}/undo`); none when nothing changed. */
  actionId?: string;
  /** The tool that made it (`create_todo`…). */
  tool: string;
  kind: CardKind;
  /** What happened, short ("Todo added"). */
  title: string;
  /** The thing itself ("Call mum · Thu 5 Mar, 18:00"). */
  summary: string;
  /** Where it lives (Open). */
  href?: string;
  /** Text for the composer to change it by chat (Edit). */
  edit?: string;
  /** What a query or search found. */
  items?: CardItem[];
  /** Undone: the change was reversed. */
  undone?: boolean;
}

/** `POST /api/assistant/actions/{id}/undo`. */
export interface UndoResult {
  card: ActionCard;
  /** False when it had been undone before (nothing changed now). */
  changed: boolean;
}

/** The undo URL of an action. */
export const undoUrl = (id: string) => `/api/assistant/actions/${encodeURIComponent(id)}/undo`;

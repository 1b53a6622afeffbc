/** The dates domain's shapes as the API sends them; browser-safe. */

/** `POST /api/dates/parse`: the date found, instants as ISO 8601 UTC; `null` when none. */
export interface WhenJson {
  start: string;
  allDay: boolean;
  end: string | null;
  /** The words that said it. */
  text: string;
  /** The zone it was read in (the profile's). */
  timeZone: string;
}

/** `POST /api/dates/quick-add`: the todo fields a line says (nothing stored). */
export interface QuickAddJson {
  title: string;
  due: string | null;
  allDay: boolean;
  tags: string[];
  priority: "high" | "medium" | "low" | null;
  timeZone: string;
}

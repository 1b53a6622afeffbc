/**
 * Dates and time zones: every instant is UTC; a profile's IANA zone says how its words and wall
 * times map to instants. `parseWhen` is the one natural-language date parser (chrono-node, English
 * and German); `quickAdd` reads a todo line; `zonedParts`/`fromZoned` convert wall time ↔ UTC.
 */
export { type DateLocale, parseWhen, type When, type WhenOptions } from "./parse.ts";
export { type Priority, type QuickAdd, quickAdd } from "./quick_add.ts";
export {
  canonicalTimeZone,
  defaultTimeZone,
  fromZoned,
  isTimeZone,
  offsetAt,
  startOfZonedDay,
  timeZones,
  timeZoneSchema,
  type WallTime,
  type ZonedParts,
  zonedParts,
} from "./zones.ts";

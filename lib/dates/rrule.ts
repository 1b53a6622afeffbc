/**
 * The `rrule` library's `RRule`, for every place that expands recurrences (todos, events). Deno
 * loads the package's CommonJS build, whose exports arrive as `default`; `deno bundle` (the
 * compiled binary) takes its ES module build, which has only named exports. One import that
 * works both ways, so no module imports `rrule` by itself.
 */
import * as rrulePackage from "rrule";

type RRulePackage = typeof import("rrule");
const loaded = rrulePackage as unknown as Partial<RRulePackage> & { default?: RRulePackage };

/** RFC 5545 recurrence rules. */
export const RRule: RRulePackage["RRule"] = loaded.RRule ?? loaded.default!.RRule;

import type { Migration } from "../migrate.ts";
import { defaultTimeZone } from "../../dates/zones.ts";

/**
 * A time zone per profile (IANA name): how its relative dates ("tomorrow 9am") and wall times
 * become UTC instants. Existing profiles, and rows inserted without one, get the box's zone at
 * the time of the migration ("UTC" when the box's is not one Hearth knows); new profiles get the
 * box's zone of the day they are made.
 */
export default {
  version: 12,
  name: "time_zone",
  up(db) {
    // A known zone name is letters, digits, "/", "_", "+" and "-": no quote can get in.
    const zone = defaultTimeZone().replace(/[^A-Za-z0-9/_+-]/g, "") || "UTC";
    db.exec(`
      ALTER TABLE profiles ADD COLUMN time_zone TEXT NOT NULL DEFAULT '${zone}'
        CHECK (length(time_zone) BETWEEN 1 AND 64);
    `);
  },
} satisfies Migration;

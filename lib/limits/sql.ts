/**
 * The documents rule of a limited profile (SPEC §3) as SQL, for the queries that list, search
 * and retrieve documents: a document is left out when the profile has a `profile_limits` row with
 * a `documents` list that does not name it. A list that is not a JSON array (a row no Hearth
 * wrote) names nothing, so it allows nothing, as `limitsFor` reads it.
 */
import { type Expression, sql, type SqlBool } from "kysely";

/**
 * The condition, for raw SQL: `docId` is the SQL expression of the document's id; the fragment
 * takes ONE bound parameter, the profile's id (a positional `?`).
 */
export function documentAllowedSql(docId: string): string {
  return `NOT EXISTS (SELECT 1 FROM profile_limits pl WHERE pl.profile_id = ?
    AND pl.documents IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(pl.documents)
      THEN CASE WHEN json_type(pl.documents) = 'array' THEN pl.documents ELSE '[]' END
      ELSE '[]' END) j WHERE j.value = ${docId}))`;
}

/** The same condition for kysely, over the `documents` table's `documents.id`. */
export function documentAllowed(profileId: string): Expression<SqlBool> {
  return sql<SqlBool>`NOT EXISTS (SELECT 1 FROM profile_limits pl WHERE pl.profile_id = ${profileId}
    AND pl.documents IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(pl.documents)
      THEN CASE WHEN json_type(pl.documents) = 'array' THEN pl.documents ELSE '[]' END
      ELSE '[]' END) j WHERE j.value = documents.id))`;
}

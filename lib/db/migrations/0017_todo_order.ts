import type { Migration } from "../migrate.ts";

/**
 * Indexes in the order `GET /api/todos` sorts by default (due first, undated last, then id), with
 * and without the status filter, so a page of 50 reads 50 rows instead of sorting all of a
 * profile's todos (10,000 open ones cost a full sort on every page before).
 */
export default {
  version: 17,
  name: "todo_order",
  up(db) {
    db.exec(`
      CREATE INDEX todos_profile_due_order ON todos (profile_id, due IS NULL, due, id);
      CREATE INDEX todos_profile_status_due_order
        ON todos (profile_id, status, due IS NULL, due, id);
    `);
  },
} satisfies Migration;

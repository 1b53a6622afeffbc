import type { Migration } from "../migrate.ts";

/** Facts about this installation: when it was created, and a random instance id. */
export default {
  version: 1,
  name: "app meta",
  up(db) {
    db.exec(`
      CREATE TABLE app_meta (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
      ) STRICT;
    `);
    const put = db.prepare("INSERT INTO app_meta (key, value) VALUES (?, ?)");
    put.run("created_at", new Date().toISOString());
    put.run("instance_id", crypto.randomUUID());
  },
} satisfies Migration;

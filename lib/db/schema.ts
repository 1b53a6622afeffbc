/**
 * The database's tables as Kysely sees them. Each migration that adds a table adds its type here.
 */

/** Key/value facts about this installation (created_at, instance id). */
export interface AppMetaTable {
  key: string;
  value: string;
}

/** Every table. */
export interface Database {
  app_meta: AppMetaTable;
}

/**
 * Every schema migration, in order: one file each, `NNNN_name.ts`. Append only: never edit a
 * migration that has shipped; write a new one. `db_test.ts` checks the versions run 1, 2, 3…
 */
import type { Migration } from "../migrate.ts";
import m0001 from "./0001_app_meta.ts";

/** The migrations, in order. */
export const MIGRATIONS: Migration[] = [m0001];

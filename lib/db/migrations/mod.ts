/**
 * Every schema migration, in order: one file each, `NNNN_name.ts`. Append only: never edit a
 * migration that has shipped; write a new one. `db_test.ts` checks the versions run 1, 2, 3…
 */
import type { Migration } from "../migrate.ts";
import m0001 from "./0001_app_meta.ts";
import m0002 from "./0002_profiles.ts";
import m0003 from "./0003_chat_search.ts";
import m0004 from "./0004_search_prefix.ts";
import m0005 from "./0005_streaming_not_indexed.ts";
import m0006 from "./0006_thinking.ts";
import m0007 from "./0007_attachments.ts";
import m0008 from "./0008_push.ts";
import m0009 from "./0009_todos.ts";
import m0010 from "./0010_events.ts";
import m0011 from "./0011_memos_lists.ts";
import m0012 from "./0012_time_zone.ts";
import m0013 from "./0013_search_assistant.ts";
import m0014 from "./0014_scheduler.ts";
import m0015 from "./0015_calendar_feeds.ts";
import m0016 from "./0016_assistant.ts";
import m0017 from "./0017_todo_order.ts";
import m0018 from "./0018_documents.ts";
import m0019 from "./0019_gems.ts";
import m0020 from "./0020_agent.ts";
import m0021 from "./0021_keep.ts";
import m0022 from "./0022_search_later.ts";

/** The migrations, in order. */
export const MIGRATIONS: Migration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0006,
  m0007,
  m0008,
  m0009,
  m0010,
  m0011,
  m0012,
  m0013,
  m0014,
  m0015,
  m0016,
  m0017,
  m0018,
  m0019,
  m0020,
  m0021,
  m0022,
];

/**
 * The long-lived parts of a running Hearth, built in one place. This is also the one place that
 * chooses Real or Fake implementations of external services (`HEARTH_FAKE_*` or the test harness).
 */
import { ConfigStore } from "./config/store.ts";
import { type HearthPaths, resolvePaths } from "./config/paths.ts";
import { type Db, openDatabase } from "./db/mod.ts";
import { SessionStore } from "./http/sessions.ts";
import { Logger, type LogLevel } from "./log/logger.ts";
import { VERSION } from "./version.ts";

/** Everything routes and middleware reach through `ctx.state.services`. */
export interface AppServices {
  version: string;
  paths: HearthPaths;
  config: ConfigStore;
  db: Db;
  log: Logger;
  sessions: SessionStore;
  /** Whether external services run on their Fakes (demo mode and tests). */
  fake: boolean;
  /** The URLs this server answers at, once it listens (LAN first). */
  urls: string[];
  startedAt: Date;
}

/** Options for `createServices`. */
export interface ServiceOptions {
  /** Environment to read (default: the process's). */
  env?: Record<string, string | undefined>;
  /** A logger (tests pass a silent one). */
  log?: Logger;
  sessions?: SessionStore;
}

/** Loads config, opens and migrates the database, and builds the services. */
export async function createServices(options: ServiceOptions = {}): Promise<AppServices> {
  const env = options.env ?? Deno.env.toObject();
  const paths = resolvePaths(env);
  const log = options.log ?? new Logger({ level: (env.HEARTH_LOG_LEVEL as LogLevel) || "info" });
  const config = await ConfigStore.load(paths.configFile, env);
  const db = await openDatabase(paths.dbFile);
  if (db.applied.length) log.info("database migrated", { path: db.path, applied: db.applied });
  return {
    version: VERSION,
    paths,
    config,
    db,
    log,
    sessions: options.sessions ?? new SessionStore(),
    fake: env.HEARTH_FAKE_OLLAMA === "1",
    urls: [],
    startedAt: new Date(),
  };
}

/** Releases what the services hold (the database). */
export async function closeServices(services: AppServices): Promise<void> {
  await services.db.close();
}

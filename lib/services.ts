/**
 * The long-lived parts of a running Hearth, built in one place. This is also the one place that
 * chooses Real or Fake implementations of external services (`HEARTH_FAKE_*` or the test harness).
 */
import { ConfigStore } from "./config/store.ts";
import { type HearthPaths, resolvePaths } from "./config/paths.ts";
import { type Db, openDatabase } from "./db/mod.ts";
import { SessionStore } from "./http/sessions.ts";
import { Logger, type LogLevel } from "./log/logger.ts";
import { createOllamaService, type OllamaService } from "./ollama/mod.ts";
import { CATALOGUE, checkSystem, recommend, type SystemReport } from "./system/mod.ts";
import { streamCapFromEnv, TaskRegistry } from "./tasks/registry.ts";
import { VERSION } from "./version.ts";

/** Everything routes and middleware reach through `ctx.state.services`. */
export interface AppServices {
  version: string;
  paths: HearthPaths;
  config: ConfigStore;
  db: Db;
  log: Logger;
  sessions: SessionStore;
  /** Ollama (Real or Fake); replaced when `ollama.hosts` changes. */
  ollama: OllamaService;
  /** Every streaming task (chat replies, model pulls, gem runs). */
  tasks: TaskRegistry;
  /** This machine's resources and what models fit (the Fake report in demo mode). */
  systemCheck(): Promise<{ report: SystemReport; recommendation: ReturnType<typeof recommend> }>;
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
  /** Run external services on their Fakes (default: `HEARTH_FAKE_OLLAMA=1`). */
  fake?: boolean;
}

/** Loads config, opens and migrates the database, and builds the services. */
export async function createServices(options: ServiceOptions = {}): Promise<AppServices> {
  const env = options.env ?? Deno.env.toObject();
  const paths = resolvePaths(env);
  const log = options.log ?? new Logger({ level: (env.HEARTH_LOG_LEVEL as LogLevel) || "info" });
  const config = await ConfigStore.load(paths.configFile, env);
  const db = await openDatabase(paths.dbFile);
  if (db.applied.length) log.info("database migrated", { path: db.path, applied: db.applied });
  const fake = options.fake ?? env.HEARTH_FAKE_OLLAMA === "1";
  const makeOllama = () => createOllamaService({ fake, hosts: config.current.ollama.hosts });
  const services: AppServices = {
    version: VERSION,
    paths,
    config,
    db,
    log,
    sessions: options.sessions ?? new SessionStore(),
    ollama: makeOllama(),
    tasks: new TaskRegistry({
      perTaskCap: streamCapFromEnv((name) => env[name]),
      log: (message, error) => log.error(message, { error: String(error) }),
    }),
    async systemCheck() {
      const report = await checkSystem({ dataDir: paths.dataDir, fake });
      return { report, recommendation: recommend(report, CATALOGUE) };
    },
    fake,
    urls: [],
    startedAt: new Date(),
  };
  config.onChange(() => {
    services.ollama = makeOllama();
  });
  return services;
}

/**
 * Releases what the services hold: running tasks end as interrupted (and persist through their
 * onEnd), then the database closes.
 */
export async function closeServices(services: AppServices): Promise<void> {
  const { interrupted, pending } = await services.tasks.shutdown();
  if (interrupted) services.log.info("tasks interrupted by shutdown", { interrupted, pending });
  await services.db.close();
}

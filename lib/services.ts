/**
 * The long-lived parts of a running Hearth, built in one place. This is also the one place that
 * chooses Real or Fake implementations of external services (`HEARTH_FAKE_*` or the test harness).
 */
import { ConfigStore } from "./config/store.ts";
import { type HearthPaths, resolvePaths } from "./config/paths.ts";
import { type Db, openDatabase } from "./db/mod.ts";
import { SessionStore } from "./http/sessions.ts";
import { RateLimiter } from "./http/rate_limit.ts";
import { Logger, type LogLevel } from "./log/logger.ts";
import { createOllamaService, type OllamaService } from "./ollama/mod.ts";
import { createProvider } from "./ai/mod.ts";
import type { ChatProvider } from "./ai/types.ts";
import { CATALOGUE, checkSystem, recommend, type SystemReport } from "./system/mod.ts";
import { chatTaskKind } from "./chat/cancel.ts";
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
  /** The model server chats go to (Ollama, an OpenAI-compatible server, or the Fake). */
  ai: ChatProvider;
  /** Every streaming task (chat replies, model pulls, gem runs). */
  tasks: TaskRegistry;
  /** This machine's resources and what models fit (the Fake report in demo mode). */
  systemCheck(): Promise<{ report: SystemReport; recommendation: ReturnType<typeof recommend> }>;
  /** Failed admin logins and PIN tries per client (429 + Retry-After when locked out). */
  rateLimit: RateLimiter;
  /** The clock for expiries and lockouts (epoch ms); tests replace it to move time. */
  now: () => number;
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
  const makeProvider = (ollamaService: OllamaService) =>
    createProvider({
      fake,
      ollamaHosts: config.current.ollama.hosts,
      openai: config.current.providers.openai,
      ollamaService,
    });
  const ollama = makeOllama();
  const services: AppServices = {
    version: VERSION,
    paths,
    config,
    db,
    log,
    sessions: options.sessions ?? new SessionStore(),
    ollama,
    ai: makeProvider(ollama),
    tasks: new TaskRegistry({
      perTaskCap: streamCapFromEnv((name) => env[name]),
      log: (message, error) => log.error(message, { error: String(error) }),
    }),
    async systemCheck() {
      const report = await checkSystem({ dataDir: paths.dataDir, fake });
      return { report, recommendation: recommend(report, CATALOGUE) };
    },
    // Reads services.now on every call, so a test that swaps the clock moves the limiter too.
    rateLimit: new RateLimiter({ now: () => services.now() }),
    now: Date.now,
    fake,
    urls: [],
    startedAt: new Date(),
  };
  services.tasks.define("chat", chatTaskKind(() => services.ollama));
  let wiring = JSON.stringify([config.current.ollama.hosts, config.current.providers.openai]);
  config.onChange((next) => {
    // Only a change of hosts or provider rebuilds them: a rebuilt Fake would forget its models.
    const now = JSON.stringify([next.ollama.hosts, next.providers.openai]);
    if (now === wiring) return;
    wiring = now;
    services.ollama = makeOllama();
    services.ai = makeProvider(services.ollama);
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

/**
 * The long-lived parts of a running Hearth, built in one place. This is also the one place that
 * chooses Real or Fake implementations of external services (`HEARTH_FAKE_*` or the test harness):
 * in demo mode the Fake Ollama (an HTTP server speaking Ollama's API, on a free loopback port)
 * runs in process, and Hearth's Real clients talk to it.
 */
import { ConfigStore } from "./config/store.ts";
import { type HearthPaths, resolvePaths } from "./config/paths.ts";
import { type Db, type Migration, openDatabase, type UpgradeFailure } from "./db/mod.ts";
import { SessionStore } from "./http/sessions.ts";
import { RateLimiter } from "./http/rate_limit.ts";
import { AccountLimiter } from "./auth/account_limit.ts";
import { Logger, type LogLevel } from "./log/logger.ts";
import { createOllamaService, type OllamaService, RealOllamaService } from "./ollama/mod.ts";
import {
  DEMO_OPTIONS,
  type FakeMachine,
  fakeOptionsFromEnv,
  startFakeMachine,
} from "./ollama/fake_machine.ts";
import { createProvider, OllamaProvider, type ProviderError } from "./ai/mod.ts";
import type { ChatProvider, ProviderLimits } from "./ai/types.ts";
import { ModelQueue } from "./ai/queue.ts";
import { ConnectionPool } from "./http/pool.ts";
import {
  CATALOGUE,
  checkSystem,
  fakeSystemReport,
  recommend,
  type SystemReport,
} from "./system/mod.ts";
import { chatTaskKind } from "./chat/cancel.ts";
import { removeStaleAttachments } from "./chat/attachments.ts";
import { sweepWorkspaces } from "./workspace/workspace.ts";
import { interruptRuns } from "./gems/store.ts";
import { interruptStreamingReplies } from "./chat/reply_store.ts";
import { shutdownGraceFromEnv, streamCapFromEnv, TaskRegistry } from "./tasks/registry.ts";
import { boxNames, LocalTls } from "./tls/local_tls.ts";
import { VERSION } from "./version.ts";
import { PushService } from "./push/service.ts";
import { FakePushSender, type PushSender, RealPushSender } from "./push/sender.ts";
import { pushSubject, VAPID_FILE, VapidStore } from "./push/vapid.ts";
import { type FakeSpeech, startFakeSpeech } from "./speech/fake_server.ts";
import { SpeechClient } from "./speech/real.ts";
import type { SpeechError } from "./speech/errors.ts";
import type { Config } from "./config/schema.ts";
import { ListFeeds } from "./lists/feed.ts";
import { Scheduler } from "./scheduler/scheduler.ts";
import { dueBackup } from "./backup/schedule.ts";
import { IngestQueue } from "./documents/ingest/service.ts";
import type { IngestService, IngestSteps } from "./documents/ingest/types.ts";
import { extractDocument } from "./documents/extract/mod.ts";
import { chunkOffThread } from "./documents/ingest/chunk.ts";
import { saveChunks, saveVectors } from "./rag/store.ts";
import { embeddingModel, embedTexts } from "./rag/embed.ts";
import { VectorIndex } from "./rag/vectors.ts";
import { Approvals } from "./agent/approvals.ts";
import type { AgentParts } from "./agent/deps.ts";
import { appAgentParts } from "./agent/wiring.ts";
import { LogSockets } from "./log/sockets.ts";
import { isAdminSession } from "./auth/admin_sessions.ts";

/** Everything routes and middleware reach through `ctx.state.services`. */
export interface AppServices {
  version: string;
  paths: HearthPaths;
  config: ConfigStore;
  db: Db;
  /**
   * Set when an upgrade failed and the data was restored from its snapshot: Hearth serves the
   * old data read-only (every write gets 503 `read_only`, pages show a banner; lib/db/mod.ts).
   */
  readOnly: UpgradeFailure | null;
  log: Logger;
  sessions: SessionStore;
  /** Ollama (in demo mode the Real service on the Fake Ollama); replaced when `ollama.hosts` changes. */
  ollama: OllamaService;
  /** The model server chats go to (Ollama or an OpenAI-compatible server; the Fake Ollama in demo mode). */
  ai: ChatProvider;
  /** The speech server for `/api/stt` and `/api/tts` (the Fake one in demo mode); null: none. */
  speech: SpeechClient | null;
  /** The line to each host's models: replies first, titles next, background work last. */
  queue: ModelQueue;
  /** Connections kept open to the Ollama hosts (closed by `closeServices`). */
  connections: ConnectionPool;
  /** Every streaming task (chat replies, model pulls, gem runs). */
  tasks: TaskRegistry;
  /** Web Push: subscriptions, preferences, "your answer is ready" (lib/push/). */
  push: PushService;
  /** The live feeds of household lists (lib/lists/feed.ts). */
  listFeeds: ListFeeds;
  /** Reminders, todo nudges and daily briefings (lib/scheduler/); `hearth start` runs its loop. */
  scheduler: Scheduler;
  /** The documents' ingestion queue (lib/documents/ingest/); `hearth start` resumes it. */
  ingest: IngestService;
  /** The chunks' vectors of the current embedding model, searchable (lib/rag/vectors.ts). */
  vectors: VectorIndex;
  /** This machine's resources and what models fit (the Fake report in demo mode). */
  systemCheck(): Promise<{ report: SystemReport; recommendation: ReturnType<typeof recommend> }>;
  /** Failed admin logins and PIN tries per client (429 + Retry-After when locked out). */
  rateLimit: RateLimiter;
  /** Wrong PINs per profile and wrong admin passwords, across all clients (lib/auth/account_limit.ts). */
  accountLimit: AccountLimiter;
  /** The clock for expiries and lockouts (epoch ms); tests replace it to move time. */
  now: () => number;
  /** Whether external services run on their Fakes (demo mode and tests): for display only. */
  fake: boolean;
  /** The URLs this server answers at, once it listens (LAN first). */
  urls: string[];
  /** The box's CA and HTTPS certificate (`lib/tls/`); files exist once HTTPS was turned on. */
  tls: LocalTls;
  startedAt: Date;
  /** The agent's tool steps that wait for the profile's approval (lib/agent/approvals.ts). */
  approvals: Approvals;
  /** What agent mode runs on: the workspace, snapshots, tools and settings (tests may swap them). */
  agentParts: AgentParts;
  /** The admin's live log sockets (`/ws`, lib/log/sockets.ts); closed at shutdown and logout. */
  logSockets: LogSockets;
}

/** Options for `createServices`. */
export interface ServiceOptions {
  /** Environment to read (default: the process's). */
  env?: Record<string, string | undefined>;
  /** A logger (tests pass a silent one). */
  log?: Logger;
  sessions?: SessionStore;
  /** Run external services on their Fakes (default: `HEARTH_FAKE_OLLAMA=1`, or a `fakeOllama`). */
  fake?: boolean;
  /**
   * The Fake Ollama to run on, started by the caller (the test harness, with its own script),
   * closed with the services. Default in demo mode: one with the demo's script and the
   * `HEARTH_FAKE_OLLAMA_STATE`, `HEARTH_FAKE_OLLAMA_DELAY_MS` and `HEARTH_FAKE_OLLAMA_LOAD_MS` knobs.
   */
  fakeOllama?: FakeMachine;
  /**
   * The Fake speech server to run on in fake mode, started by the caller (a test), closed with
   * the services. Default in fake mode: one with its own defaults.
   */
  fakeSpeech?: FakeSpeech;
  /**
   * Marks replies a crash or kill left `streaming` as `interrupted`, keeping their saved text
   * (default true). Only the serving process may: `hearth setup` can run beside a live server.
   */
  recoverReplies?: boolean;
  /** The schema migrations (default: Hearth's own; tests pass one that fails). */
  migrations?: Migration[];
}

/** What a chat provider is built from: the config's upstreams, and what outlives a rebuild. */
export interface ProviderWiring {
  ollamaHosts: string[];
  openai: { baseUrl: string; apiKey?: string };
  /** Hears of each failure of the model server with its detail. */
  onFailure?: (error: ProviderError) => void;
  /** The one model queue of this Hearth. */
  queue: ModelQueue;
  /** The connections kept open to Ollama hosts, for every provider of this Hearth. */
  connections: ConnectionPool;
  limits?: Partial<ProviderLimits>;
}

/** The external services of one Hearth, Real or Fake. */
export interface Externals {
  /** They run on their Fakes. */
  fake: boolean;
  /** The Ollama service for the configured hosts (in demo mode, for the Fake Ollama). */
  ollama(hosts: string[]): OllamaService;
  /**
   * The chat provider for the configured upstreams (in demo mode, the Fake Ollama); `onFailure`
   * hears of each failure of the model server with its detail.
   */
  provider(opts: ProviderWiring): ChatProvider;
  /**
   * The speech server for the `speech` config (null when it names none); in demo mode the Fake
   * speech server, whatever is configured. `onFailure` hears of each failure with its detail.
   */
  speech(config: Config["speech"], onFailure: (error: SpeechError) => void): SpeechClient | null;
  /** This machine's resources, or in demo mode the demo box's. */
  checkSystem(dataDir: string): Promise<SystemReport>;
  /** Sends Web Push messages (in demo mode, only records and logs them). */
  pushSender(log: (message: string, data: Record<string, unknown>) => void): PushSender;
  /** Stops the Fakes. */
  close(): Promise<void>;
}

/** Chooses Real or Fake external services: the one place that reads `HEARTH_FAKE_OLLAMA`. */
export async function chooseExternals(
  options: Pick<ServiceOptions, "env" | "fake" | "fakeOllama" | "fakeSpeech"> = {},
): Promise<Externals> {
  const env = options.env ?? Deno.env.toObject();
  const fake = options.fake ?? (options.fakeOllama !== undefined || env.HEARTH_FAKE_OLLAMA === "1");
  if (!fake) {
    return {
      fake,
      ollama: (hosts) => createOllamaService({ hosts }),
      provider: (wiring) => createProvider(wiring),
      speech: (speech, onFailure) =>
        speech.baseUrl ? new SpeechClient({ ...speech, onFailure }) : null,
      checkSystem: (dataDir) => checkSystem({ dataDir }),
      pushSender: () => new RealPushSender(),
      close: () => Promise.resolve(),
    };
  }
  const machine = options.fakeOllama ??
    await startFakeMachine({ ...DEMO_OPTIONS, ...fakeOptionsFromEnv((name) => env[name]) });
  const hosts = [machine.server.url];
  const voice = options.fakeSpeech ?? startFakeSpeech();
  return {
    fake,
    // Whatever hosts and upstreams are configured, the demo runs on its Fake Ollama.
    ollama: () => new RealOllamaService({ hosts, runner: machine.runner, os: machine.os }),
    provider: ({ onFailure, queue, connections, limits }) =>
      new OllamaProvider({ hosts, onFailure, queue, connections, limits }),
    speech: (speech, onFailure) =>
      new SpeechClient({ ...speech, apiKey: "", baseUrl: voice.url, onFailure }),
    checkSystem: (dataDir) => Promise.resolve(fakeSystemReport(dataDir)),
    pushSender: (log) => new FakePushSender(log),
    close: async () => {
      await voice.close();
      await machine.close();
    },
  };
}

/** What `closeServices` stops besides the database: the Fakes of each services object. */
const externalsOf = new WeakMap<AppServices, Externals>();

/** What a start tidies: replies and runs a stop cut off, stale photos, workspace leftovers. */
async function tidyUp(db: Db, paths: HearthPaths, log: Logger, recover: boolean): Promise<void> {
  if (recover) {
    const interrupted = await interruptStreamingReplies(db.kysely);
    if (interrupted) {
      log.warn("replies cut off by the last stop marked interrupted", { interrupted });
    }
    await interruptRuns(db.kysely);
  }
  const stale = await removeStaleAttachments(db.kysely);
  if (stale) log.info("unsent photos older than a day removed", { removed: stale });
  const swept = await sweepWorkspaces(db, paths);
  if (swept.folders || swept.temps) log.info("workspace leftovers removed", swept);
}

/** Loads config, opens and migrates the database, and builds the services. */
export async function createServices(options: ServiceOptions = {}): Promise<AppServices> {
  const env = options.env ?? Deno.env.toObject();
  const paths = resolvePaths(env);
  const log = options.log ?? new Logger({ level: (env.HEARTH_LOG_LEVEL as LogLevel) || "info" });
  const config = await ConfigStore.load(paths.configFile, env);
  const db = await openDatabase(paths.dbFile, options.migrations, {
    readOnlyOnFailure: true,
    // Replies write as they stream: the WAL's checkpoints must not stall them.
    checkpointThread: true,
    // Messages join the search index in batches a moment after replies are stored.
    searchLater: true,
    onProblem: (message, fields) => log.warn(message, fields),
  });
  if (db.applied.length) {
    log.info("database migrated", { path: db.path, applied: db.applied, snapshot: db.snapshot });
  }
  if (db.readOnly) {
    log.error("upgrade failed: data restored, serving read-only", { ...db.readOnly });
  }
  let externals: Externals;
  try {
    // Read-only after a failed upgrade: nothing is tidied, the restored data stays as it is.
    if (!db.readOnly) await tidyUp(db, paths, log, options.recoverReplies ?? true);
    externals = await chooseExternals({ ...options, env });
  } catch (err) {
    await db.close();
    throw err;
  }
  const makeOllama = () => externals.ollama(config.current.ollama.hosts);
  // Members see a failure without the server's address; the admin finds it in the log.
  const onFailure = (err: ProviderError) =>
    log.warn("model server failed", { code: err.code, detail: err.detail, ...err.details });
  // One queue for the life of the process: a provider rebuilt for new hosts keeps its lines.
  const queue = new ModelQueue(() => config.current.ollama.parallel);
  // Likewise one pool of kept connections: a reply reuses the last one's instead of connecting.
  const connections = new ConnectionPool();
  const makeProvider = () =>
    externals.provider({
      ollamaHosts: config.current.ollama.hosts,
      openai: config.current.providers.openai,
      onFailure,
      queue,
      connections,
      limits: { firstTokenTimeoutMs: config.current.ollama.firstTokenTimeoutSeconds * 1000 },
    });
  const onSpeechFailure = (err: SpeechError) =>
    log.warn("speech server failed", { code: err.code, detail: err.detail });
  const makeSpeech = () => externals.speech(config.current.speech, onSpeechFailure);
  const ollama = makeOllama();
  const tasks = new TaskRegistry({
    perTaskCap: streamCapFromEnv((name) => env[name]),
    graceMs: shutdownGraceFromEnv((name) => env[name]),
    log: (message, error) => log.error(message, { error: String(error) }),
  });
  const vectors = new VectorIndex(db);
  // The stages of ingestion, each from the module that owns it.
  const ingestSteps: IngestSteps = {
    extract: extractDocument,
    chunk: chunkOffThread,
    saveChunks,
    embeddingModel,
    embedTexts,
    saveVectors,
  };
  const services: AppServices = {
    version: VERSION,
    paths,
    config,
    db,
    readOnly: db.readOnly,
    log,
    sessions: options.sessions ?? new SessionStore(),
    ollama,
    ai: makeProvider(),
    speech: makeSpeech(),
    queue,
    connections,
    tasks,
    push: new PushService({
      db,
      vapid: new VapidStore(
        `${paths.dataDir}/${VAPID_FILE}`,
        pushSubject(env, Deno.hostname()),
      ),
      sender: externals.pushSender((message, data) => log.info(message, data)),
      now: () => services.now(),
      log: (message, data) => log.warn(message, data),
    }),
    listFeeds: new ListFeeds(),
    scheduler: new Scheduler({
      db,
      now: () => services.now(),
      push: { notify: (...args) => services.push.notify(...args) },
      provider: () => services.ai,
      model: () => config.current.models.chat,
      contextSizes: () => config.current.models.contextSizes,
      jobs: [(now) => dueBackup(db, paths, now)],
      log,
    }),
    ingest: new IngestQueue({
      db,
      dataDir: paths.dataDir,
      tasks,
      config,
      ai: () => services.ai,
      steps: ingestSteps,
      index: vectors,
      log,
    }),
    vectors,
    async systemCheck() {
      const report = await externals.checkSystem(paths.dataDir);
      return { report, recommendation: recommend(report, CATALOGUE) };
    },
    // Reads services.now on every call, so a test that swaps the clock moves the limiter too.
    rateLimit: new RateLimiter({ now: () => services.now() }),
    accountLimit: new AccountLimiter({ now: () => services.now() }),
    now: Date.now,
    fake: externals.fake,
    urls: [],
    tls: new LocalTls({
      dir: `${paths.configDir}/tls`,
      now: () => services.now(),
      names: () => boxNames(config.current.server.allowedHosts),
      log: (message, fields) => log.info(message, fields),
    }),
    startedAt: new Date(),
    approvals: new Approvals(),
    agentParts: appAgentParts({ db, paths }),
    logSockets: new LogSockets(log, {
      isLive: (token) => isAdminSession(db, token, new Date(services.now())),
    }),
  };
  services.tasks.define("chat", chatTaskKind(() => services.ollama));
  // A gem run stops its model the way a reply does (confirmed through /api/ps).
  services.tasks.define("gem", chatTaskKind(() => services.ollama));
  const wiringOf = (c: typeof config.current) =>
    JSON.stringify([c.ollama.hosts, c.providers.openai, c.ollama.firstTokenTimeoutSeconds]);
  let wiring = wiringOf(config.current);
  let speechWiring = JSON.stringify(config.current.speech);
  config.onChange((next) => {
    if (JSON.stringify(next.speech) !== speechWiring) {
      speechWiring = JSON.stringify(next.speech);
      services.speech = makeSpeech();
    }
    // Only a change of hosts, provider or deadline rebuilds them (the Fake Ollama stays, models
    // and all; the queue stays, and reads the parallelism at every grant).
    const now = wiringOf(next);
    if (now === wiring) return;
    wiring = now;
    services.ollama = makeOllama();
    services.ai = makeProvider();
  });
  externalsOf.set(services, externals);
  return services;
}

/**
 * The first step of stopping the server, before the HTTP server's own shutdown (which waits for
 * open streams): new tasks are refused, running ones (a reply, a download) get
 * `services.tasks.graceMs` (10 s unless `HEARTH_SHUTDOWN_GRACE_MS` says otherwise, well under a
 * service manager's usual 90 s stop timeout) to finish, then are interrupted and saved with what
 * they had; then every task stream is ended. A 30-minute generation never holds up a stop.
 */
export async function drainTasks(
  services: AppServices,
  graceMs = services.tasks.graceMs,
): Promise<void> {
  services.listFeeds.close();
  // Ingestion stops at once (a document resumes at the next start), without the tasks' grace.
  await services.ingest.stop();
  const { interrupted, pending } = await services.tasks.shutdown({ graceMs });
  if (interrupted) services.log.info("tasks interrupted by shutdown", { interrupted, pending });
}

/**
 * Releases what the services hold: running tasks end as interrupted (and persist through their
 * onEnd), then the database closes and the Fakes stop.
 */
export async function closeServices(services: AppServices): Promise<void> {
  await drainTasks(services, 0); // already drained, with its grace, when the server stopped
  services.logSockets.closeAll();
  services.approvals.close();
  await services.scheduler.stop();
  await services.db.close();
  services.connections.close();
  await externalsOf.get(services)?.close();
}

/**
 * `hearth start`: serve the app, print where to open it (with a QR code for phones), and shut
 * down cleanly on SIGINT/SIGTERM: stop accepting, finish in-flight requests, close the database.
 */
import { renderUnicodeCompact } from "uqr";
import { type Front, serveFront } from "../http/front.ts";
import { errorResponse } from "../http/errors.ts";
import { frontLimitsFor } from "../http/front_limits.ts";
import type { TlsPair } from "../http/front_tls.ts";
import { serverUrls } from "../http/network.ts";
import { createApp } from "../server.ts";
import { LogTail, parseTailCommand } from "../log/tail.ts";
import { closeServices, createServices, drainTasks, type ServiceOptions } from "../services.ts";
import { realCommandRunner } from "../process/command.ts";
import { setupStateOf } from "../setup/state.ts";
import { raiseFdLimit } from "../system/fd_limit.ts";
import { IdleCollector, takeMemoryReducer } from "../system/idle_gc.ts";
import type { LocalTls } from "../tls/local_tls.ts";
import { plainAllowed, TRUST_PATH } from "../tls/trust.ts";

/** How often the certificate is checked for its end and for changed addresses. */
const TLS_CHECK_MS = 60 * 60_000;

/** The certificate in use, after creating or renewing it if it must. */
async function currentTls(tls: LocalTls): Promise<TlsPair> {
  await tls.refresh();
  const { server } = tls.material!;
  return { cert: server.certPem, key: server.keyPem };
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/** Options for `start`. */
export interface StartOptions extends ServiceOptions {
  port?: number;
  hostname?: string;
  /** Print the QR code (default: when stdout is a terminal). */
  qr?: boolean;
  /** Serve HTTPS whatever `server.https` says (`--https`). */
  https?: boolean;
  /** Where to print (default: stdout). */
  print?: (line: string) => void;
}

/** A running server. */
export interface RunningServer {
  port: number;
  urls: string[];
  /** Resolves when the server has shut down. */
  finished: Promise<void>;
  shutdown(): Promise<void>;
  /** Checks the certificate now (as the hourly timer does): HTTPS on or off, renewal. */
  checkTls(): Promise<void>;
}

/** Starts Hearth. */
export async function start(options: StartOptions = {}): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => console.log(line));
  const services = await createServices(options);
  const { server: cfg } = services.config.current;
  const port = options.port ?? cfg.port;
  const hostname = options.hostname ?? cfg.host;
  // The settings page says which values these flags override while this run lasts.
  services.config.markFlags({
    ...(options.port !== undefined && { "server.port": `--port ${options.port}` }),
    ...(options.hostname !== undefined && { "server.host": `--host ${options.hostname}` }),
  });
  const app = createApp(services);
  // Memory back to the box (and its model server) once requests stop, when V8 lets us.
  const collect = takeMemoryReducer();
  const idle = collect &&
    new IdleCollector({
      collect,
      busy: () => services.tasks.active().length > 0 || services.queue.snapshot().length > 0,
      onCollected: ({ ms, rssBefore, rssAfter }) =>
        services.log.debug("memory given back", {
          ms: Math.round(ms),
          rssMiB: [rssBefore, rssAfter].map((b) => Math.round(b / 2 ** 20)),
        }),
    });
  // Room for a household's phones and a hostile device's sockets; the caps below fit what we got.
  const fds = await raiseFdLimit(realCommandRunner);
  const httpsWanted = () => options.https === true || services.config.current.server.https;
  const limits = frontLimitsFor(fds?.soft, httpsWanted());
  let server: Front;
  try {
    server = await serveFront({
      tls: httpsWanted() ? await currentTls(services.tls) : null,
      plainAllowed,
      port,
      hostname,
      limits: {
        ...limits,
        maxActivePerAddress: Math.min(cfg.connectionsPerClient, limits.maxActive),
      },
      handler: idle
        ? (req, info) => {
          idle.touch();
          return app.fetch(req, info);
        }
        : app.fetch,
      onError(err) {
        services.log.error("server error", { error: String(err) });
        return errorResponse(500, "internal_error", "Server error");
      },
      onProblem: (message, fields) => services.log.warn(message, fields),
    });
  } catch (err) {
    await closeServices(services);
    if (err instanceof Deno.errors.AddrInUse) {
      throw new Error(
        `Port ${port} is already in use. Is Hearth already running? Use --port to pick another.`,
      );
    }
    throw err;
  }
  // A bug must not take the household's box down: log it and keep serving.
  const onUnhandled = (e: PromiseRejectionEvent) => {
    e.preventDefault();
    services.log.error("unhandled rejection", { error: errorText(e.reason) });
  };
  globalThis.addEventListener("unhandledrejection", onUnhandled);
  const actualPort = server.addr.port;
  const urlsFor = (https: boolean) =>
    serverUrls(hostname, actualPort).map((u) => https ? u.replace(/^http:/, "https:") : u);
  let httpsOn = httpsWanted();
  services.urls = urlsFor(httpsOn);
  if (httpsOn) {
    const plain = new URL(TRUST_PATH, serverUrls(hostname, actualPort)[0]);
    print(`HTTPS is on. Trust this box's certificate once per device at ${plain.href}`);
    print(`  CA fingerprint (SHA-256): ${services.tls.material!.ca.facts.fingerprint}`);
  }
  print(`Hearth ${services.version} is running. Open it at:`);
  for (const url of services.urls) print(`  ${url}`);
  // Turned on or off in the settings, renewed near its end or for new addresses or names: the
  // front serves the new certificate to new connections, without a restart.
  const checkTls = async () => {
    try {
      const want = httpsWanted();
      if (want && (await services.tls.refresh() || !httpsOn)) {
        server.setTls(await currentTls(services.tls));
      } else if (!want && httpsOn) server.setTls(null);
      if (want !== httpsOn) services.log.info("https", { on: want });
      httpsOn = want;
      services.urls = urlsFor(httpsOn);
    } catch (err) {
      services.log.error("certificate check failed", { error: errorText(err) });
    }
  };
  const tlsTimer = setInterval(checkTls, TLS_CHECK_MS);
  Deno.unrefTimer(tlsTimer);
  const offConfig = services.config.onChange(() => void checkTls());
  if (services.readOnly) {
    // Reminders and ingestion write: they wait for a Hearth that can.
    print("");
    print(`UPGRADE FAILED: ${services.readOnly.error}`);
    print(
      `Your data is safe: it was restored from the snapshot ${services.readOnly.snapshot}. ` +
        "Hearth serves it read-only. Check the log, report the problem, or run the older Hearth.",
    );
  } else {
    services.scheduler.start();
    services.ingest.start();
  }
  // An external log (Ollama's journal, say) in the live log, when HEARTH_LOG_TAIL names one.
  const tailCommand = parseTailCommand((options.env ?? Deno.env.toObject()).HEARTH_LOG_TAIL);
  const tail = tailCommand && new LogTail({ command: tailCommand, log: services.log });
  tail?.start();
  if (options.qr ?? Deno.stdout.isTerminal()) {
    print("");
    print("Scan with a phone on the same network:");
    print(renderUnicodeCompact(services.urls[0], { border: 1 }));
  }
  const setup = setupStateOf(services);
  if (await setup.active()) {
    print("");
    print("Hearth is not set up yet: open it in a browser to run the setup wizard.");
    print(`From another device, enter this one-time setup code: ${setup.code}`);
  }
  services.log.info("listening", {
    hostname,
    port: actualPort,
    fake: services.fake,
    openFiles: fds?.soft,
  });
  // Starting leaves garbage too: collected once the first quiet second has passed.
  idle?.touch();

  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= (async () => {
      services.log.info("shutting down");
      clearInterval(tlsTimer);
      idle?.close();
      offConfig();
      // Open log sockets would hold the HTTP server's shutdown: they end first.
      services.logSockets.closeAll();
      await tail?.stop();
      await drainTasks(services);
      await server.shutdown();
      await closeServices(services);
      globalThis.removeEventListener("unhandledrejection", onUnhandled);
    })();
    return stopping;
  };
  const finished = server.finished.then(() => shutdown());
  return { port: actualPort, urls: services.urls, finished, shutdown, checkTls };
}

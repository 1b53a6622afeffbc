/**
 * `hearth start`: serve the app, print where to open it (with a QR code for phones), and shut
 * down cleanly on SIGINT/SIGTERM: stop accepting, finish in-flight requests, close the database.
 */
import { renderUnicodeCompact } from "uqr";
import { type Front, frontLimitsFor, serveFront } from "../http/front.ts";
import { serverUrls } from "../http/network.ts";
import { createApp } from "../server.ts";
import { closeServices, createServices, drainTasks, type ServiceOptions } from "../services.ts";
import { realCommandRunner } from "../process/command.ts";
import { setupStateOf } from "../setup/state.ts";
import { raiseFdLimit } from "../system/fd_limit.ts";

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/** Options for `start`. */
export interface StartOptions extends ServiceOptions {
  port?: number;
  hostname?: string;
  /** Print the QR code (default: when stdout is a terminal). */
  qr?: boolean;
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
  // Room for a household's phones and a hostile device's sockets; the caps below fit what we got.
  const fds = await raiseFdLimit(realCommandRunner);
  const limits = frontLimitsFor(fds?.soft);
  let server: Front;
  try {
    server = await serveFront({
      port,
      hostname,
      limits: {
        ...limits,
        maxActivePerAddress: Math.min(cfg.connectionsPerClient, limits.maxActive),
      },
      handler: app.fetch,
      onError(err) {
        services.log.error("server error", { error: String(err) });
        return Response.json({ error: { code: "internal_error", message: "Server error" } }, {
          status: 500,
        });
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
  services.urls = serverUrls(hostname, actualPort);
  print(`Hearth ${services.version} is running. Open it at:`);
  for (const url of services.urls) print(`  ${url}`);
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

  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= (async () => {
      services.log.info("shutting down");
      await drainTasks(services);
      await server.shutdown();
      await closeServices(services);
      globalThis.removeEventListener("unhandledrejection", onUnhandled);
    })();
    return stopping;
  };
  const finished = server.finished.then(() => shutdown());
  return { port: actualPort, urls: services.urls, finished, shutdown };
}

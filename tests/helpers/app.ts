/**
 * An in-process Hearth for route tests: a temp `HEARTH_HOME`, a silent logger, the real app's
 * fetch handler, and on request a Fake Ollama the test scripts. Call `close()` (or use
 * `await using`) to remove everything.
 */
import { Logger } from "../../lib/log/logger.ts";
import {
  DEMO_OPTIONS,
  type FakeMachine,
  type FakeMachineOptions,
  startFakeMachine,
} from "../../lib/ollama/fake_machine.ts";
import { createApp } from "../../lib/server.ts";
import { type AppServices, closeServices, createServices } from "../../lib/services.ts";
import { setupStateOf } from "../../lib/setup/state.ts";
import type { SessionStore } from "../../lib/http/sessions.ts";
import type { ErrorBody } from "../../lib/http/errors.ts";
import type { Manifest } from "../../lib/web/define.ts";

/** A test app and helpers around it. */
export interface TestApp extends AsyncDisposable {
  services: AppServices;
  home: string;
  /** The Fake Ollama the app runs on, when the test asked for one with `ollama`. */
  ollama?: FakeMachine;
  /**
   * Sends a request through the app (Host defaults to localhost). `from` is the client's
   * address as `getConnInfo` sees it (default loopback, like a browser on the box itself).
   */
  fetch(path: string, init?: RequestInit, from?: string): Promise<Response>;
  /** Sends an `/api` request with a fresh session token. */
  api(path: string, init?: RequestInit, from?: string): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Builds an app over a temporary home. `env` adds environment variables. The app starts in app
 * mode, as if the setup wizard had finished (tests create an admin when they need one); with
 * `setup: true` it stays in setup mode until an admin exists, and the setup gate applies.
 * `ollama` runs it on a Fake Ollama with the demo's options and these (`app.ollama`).
 */
export async function testApp(
  options: {
    env?: Record<string, string>;
    sessions?: SessionStore;
    manifest?: Manifest;
    setup?: boolean;
    ollama?: FakeMachineOptions;
  } = {},
): Promise<TestApp> {
  const home = await Deno.makeTempDir({ prefix: "hearth-test-" });
  const ollama = options.ollama && await startFakeMachine({ ...DEMO_OPTIONS, ...options.ollama });
  const services = await createServices({
    env: { HEARTH_HOME: home, ...options.env },
    log: new Logger({ write: null }),
    sessions: options.sessions,
    fakeOllama: ollama,
  }).catch(async (err) => {
    await ollama?.close();
    throw err;
  });
  if (!options.setup) setupStateOf(services).finish();
  const app = createApp(services, { manifest: options.manifest });
  const fetch = (path: string, init: RequestInit = {}, from = "127.0.0.1") => {
    const headers = new Headers(init.headers);
    if (!headers.has("host")) headers.set("host", "localhost:8420");
    // What Deno.serve passes as the handler's second argument, which Hono exposes as c.env.
    const info = { remoteAddr: { transport: "tcp", hostname: from, port: 50000 } };
    return Promise.resolve(
      app.fetch(new Request(`http://localhost:8420${path}`, { ...init, headers }), info),
    );
  };
  let token: string | undefined;
  const close = async () => {
    await closeServices(services);
    await Deno.remove(home, { recursive: true });
  };
  return {
    services,
    home,
    ollama,
    fetch,
    async api(path, init = {}, from) {
      token ??= services.sessions.issue().token;
      const headers = new Headers(init.headers);
      headers.set("X-Hearth-Session", token);
      return await fetch(path, { ...init, headers }, from);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Asserts a JSON error response's status and code; returns the body. */
export async function expectError(
  res: Response,
  status: number,
  code: string,
): Promise<ErrorBody> {
  const body = await res.json();
  if (res.status !== status || body?.error?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(body)}`);
  }
  if (!res.headers.get("content-type")?.startsWith("application/json")) {
    throw new Error(`error response is not JSON: ${res.headers.get("content-type")}`);
  }
  if (typeof body.error.message !== "string" || !body.error.message) {
    throw new Error("error response has no message");
  }
  return body;
}

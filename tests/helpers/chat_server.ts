/**
 * A Hearth server for chat browser tests: on a free loopback port, on a Fake Ollama with the
 * demo's options (and the test's), with an admin and member profiles; and a page that picked one
 * of them on the chat.
 */
import type { Browser, Page } from "playwright-core";
import { createAdmin, createMember } from "../../lib/auth/mod.ts";
import { Logger } from "../../lib/log/logger.ts";
import {
  DEMO_OPTIONS,
  type FakeMachineOptions,
  startFakeMachine,
} from "../../lib/ollama/fake_machine.ts";
import { createApp } from "../../lib/server.ts";
import { type AppServices, closeServices, createServices } from "../../lib/services.ts";
import type { FakeSpeech } from "../../lib/speech/fake_server.ts";
import { PASSWORD } from "./admin.ts";
import { collectErrors } from "./browser.ts";

/** Sees every request before the app; `next()` answers it. */
export type Wrap = (req: Request, next: () => Promise<Response>) => Promise<Response>;

/** Starts the server; dispose it with `await using`. */
export async function startChatServer(
  options: { fake?: FakeMachineOptions; members?: string[]; wrap?: Wrap; speech?: FakeSpeech } = {},
) {
  const home = await Deno.makeTempDir({ prefix: "hearth-chat-" });
  const machine = await startFakeMachine({ ...DEMO_OPTIONS, ...options.fake });
  const services: AppServices = await createServices({
    env: { HEARTH_HOME: home },
    log: new Logger({ write: null }),
    fakeOllama: machine,
    fakeSpeech: options.speech,
  });
  await createAdmin(services.db, { name: "Admin", password: PASSWORD });
  const members: Record<string, string> = {};
  for (const name of options.members ?? ["Ann"]) {
    members[name] = (await createMember(services.db, { name, avatar: "🙂" })).id;
  }
  const app = createApp(services);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req, info) => {
      const next = () => Promise.resolve(app.fetch(req, info));
      return options.wrap ? options.wrap(req, next) : next();
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    services,
    ollama: machine.server,
    /** Member name → profile id. */
    members,
    async [Symbol.asyncDispose]() {
      await server.shutdown();
      await closeServices(services);
      await Deno.remove(home, { recursive: true });
    },
  };
}

/** What `startChatServer` returns. */
export type ChatServer = Awaited<ReturnType<typeof startChatServer>>;

/**
 * Opens /chat, gets sent to the picker, picks `profile` (default Ann) on the tiles, and waits for
 * the chat and its model list; `phone` is a 390×844 touch screen.
 */
export async function openChat(
  browser: Browser,
  url: string,
  { phone = false, profile = "Ann", models = true }: {
    phone?: boolean;
    profile?: string;
    /** Wait for the model list (false: a test of what happens before it arrives). */
    models?: boolean;
  } = {},
) {
  const context = await browser.newContext(
    phone
      ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true }
      : { viewport: { width: 1280, height: 800 } },
  );
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${url}/chat`);
  await page.locator(".profile-tile", { hasText: profile }).click();
  await page.waitForURL(`${url}/chat`);
  if (models) await modelsLoaded(page);
  else await page.locator(".composer-model select").waitFor();
  return { context, page, errors };
}

/**
 * Waits for the chat island's model list: a model is chosen in the picker. (The page arrives with
 * a placeholder option, so waiting for any option would not wait for the island.)
 */
export async function modelsLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    (document.querySelector(".composer-model select") as HTMLSelectElement | null)?.value
  );
}

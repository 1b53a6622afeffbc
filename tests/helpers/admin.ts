/**
 * Admin test helpers: an app with an admin logged in through `POST /api/admin/login` (so the
 * admin cookie comes from the real auth layer), JSON request inits, and SSE parsing.
 */
import assert from "node:assert/strict";
import { createAdmin } from "../../lib/auth/mod.ts";
import type { FakeMachineOptions } from "../../lib/ollama/fake_machine.ts";
import type { Page } from "playwright-core";
import { type TestApp, testApp } from "./app.ts";

/** The test admin's password. */
export const PASSWORD = "correct horse battery";

/** A test app whose `admin()` sends API requests as the logged-in admin. */
export interface AdminApp extends TestApp {
  admin(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * An app (on the Fake by default), with an admin logged in; `admin()` sends requests with the
 * cookie. `ollama` runs it on a Fake Ollama the test reaches as `app.ollama`.
 */
export async function adminApp(
  env: Record<string, string> = { HEARTH_FAKE_OLLAMA: "1" },
  ollama?: FakeMachineOptions,
): Promise<AdminApp> {
  const app = await testApp({ env, ollama });
  await createAdmin(app.services.db, { name: "Admin", password: PASSWORD });
  const login = await app.api("/api/admin/login", json("POST", { password: PASSWORD }));
  assert.equal(login.status, 200, await login.clone().text());
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0])
    .find((c) => c.startsWith("hearth_admin="));
  assert.ok(cookie, "login sets the hearth_admin cookie");
  await login.body?.cancel();
  const admin = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("cookie", cookie);
    return app.api(path, { ...init, headers });
  };
  return Object.assign(app, { admin });
}

/** A JSON request init. */
export function json(method: string, body: unknown): RequestInit {
  return { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/** One parsed SSE event; `data` is JSON or the `[DONE]` text. */
export interface Sse {
  id: number;
  event: string;
  data: unknown;
}

/** Reads a whole SSE response (the task must end) after checking its headers. */
export async function readSse(res: Response): Promise<Sse[]> {
  assert.equal(res.status, 200, res.status === 200 ? "" : await res.clone().text());
  assert.equal(res.headers.get("content-type"), "text/event-stream");
  assert.equal(res.headers.get("cache-control"), "no-cache");
  return parseSse(await res.text());
}

/** Parses SSE text. */
export function parseSse(text: string): Sse[] {
  return text.split("\n\n").filter((b) => b.trim() && !b.startsWith(":")).map((block) => {
    const field = (name: string) =>
      block.split("\n").find((l) => l.startsWith(name + ": "))?.slice(name.length + 2);
    const data = field("data") ?? "";
    return {
      id: Number(field("id")),
      event: field("event") ?? "[DONE]",
      data: data === "[DONE]" ? data : JSON.parse(data),
    };
  });
}

/** Picks the admin profile on this device and logs in as the admin, through the APIs. */
export async function signInAsAdmin(page: Page, url: string, adminId: string) {
  await page.goto(`${url}/offline`);
  const statuses = await page.evaluate(async ({ adminId, password }) => {
    const { token } = await (await fetch("/api/session")).json();
    const post = (path: string, body: unknown) =>
      fetch(path, {
        method: "POST",
        headers: { "content-type": "application/json", "X-Hearth-Session": token },
        body: JSON.stringify(body),
      }).then((r) => r.status);
    return [
      await post(`/api/profiles/${adminId}/select`, {}),
      await post("/api/admin/login", { password }),
    ];
  }, { adminId, password: PASSWORD });
  assert.deepEqual(statuses, [200, 200]);
}

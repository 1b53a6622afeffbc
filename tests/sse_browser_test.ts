/**
 * A chat reply read by Chromium's own `EventSource`: it carries the session as `?session=`
 * (EventSource cannot send headers; only the task-stream route accepts that, checked like the
 * header), and when the server drops the connection it reconnects by itself with
 * `Last-Event-ID`, getting the rest of the reply with no gap and no duplicate.
 */
import assert from "node:assert/strict";
import { createAdmin, createMember } from "../lib/auth/mod.ts";
import { Logger } from "../lib/log/logger.ts";
import { DEMO_OPTIONS, startFakeMachine } from "../lib/ollama/fake_machine.ts";
import { createApp } from "../lib/server.ts";
import { closeServices, createServices } from "../lib/services.ts";
import { expectError, testApp } from "./helpers/app.ts";
import { PASSWORD } from "./helpers/admin.ts";
import { collectErrors, launchBrowser } from "./helpers/browser.ts";

const TASK_STREAM = /^\/api\/tasks\/[^/]+\/stream$/;

/** Ends the body cleanly after `events` events: the server closing early. */
function closeAfter(res: Response, events: number): Response {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let text = "";
  let sent = 0;
  return new Response(
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value, done } = await reader.read();
        if (done) return controller.close();
        text += decoder.decode(value, { stream: true });
        let at = -2;
        for (let i = 0; i < events && at !== -1; i++) at = text.indexOf("\n\n", at + 2);
        if (at === -1) {
          controller.enqueue(encoder.encode(text.slice(sent)));
          sent = text.length;
          return;
        }
        controller.enqueue(encoder.encode(text.slice(sent, at + 2)));
        await reader.cancel();
        controller.close();
      },
      cancel: () => reader.cancel(),
    }),
    { status: res.status, headers: res.headers },
  );
}

Deno.test("sse browser - EventSource reads a reply and resumes with Last-Event-ID after a drop", async () => {
  const home = await Deno.makeTempDir({ prefix: "hearth-sse-" });
  const words = Array.from({ length: 150 }, (_, i) => `w${i + 1}`).join(" ");
  const services = await createServices({
    env: { HEARTH_HOME: home },
    log: new Logger({ write: null }),
    fakeOllama: await startFakeMachine({ ...DEMO_OPTIONS, reply: () => ({ content: words }) }),
  });
  await createAdmin(services.db, { name: "Admin", password: PASSWORD });
  const ann = await createMember(services.db, { name: "Ann", avatar: "🙂" });
  const app = createApp(services);
  const seen: { lastEventId: string | null; session: boolean; header: boolean }[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req, info) => {
      const url = new URL(req.url);
      const res = await app.fetch(req, info);
      if (!TASK_STREAM.test(url.pathname)) return res;
      seen.push({
        lastEventId: req.headers.get("last-event-id"),
        session: url.searchParams.has("session"),
        header: req.headers.has("x-hearth-session"),
      });
      return seen.length === 1 ? closeAfter(res, 20) : res;
    },
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${base}/offline`);
    const result = await page.evaluate(async (annId) => {
      const { token } = await (await fetch("/api/session")).json();
      const headers = { "X-Hearth-Session": token, "content-type": "application/json" };
      await fetch(`/api/profiles/${annId}/select`, { method: "POST", headers, body: "{}" });
      // Start a reply and read only its first event (the ids); the reply goes on on the box.
      const res = await fetch("/api/chat/stream", {
        method: "POST",
        headers,
        body: JSON.stringify({ content: "Count", model: "llama3.2:latest" }),
      });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let head = "";
      while (!head.includes("\n\n")) head += (await reader.read()).value;
      await reader.cancel();
      const meta = JSON.parse(/data: (.*)/.exec(head)![1]);

      const path = `/api/tasks/${meta.taskId}/stream`;
      const events: { type: string; id: string; data: string }[] = [];
      let opens = 0;
      await new Promise<void>((resolve, reject) => {
        const source = new EventSource(`${path}?session=${encodeURIComponent(token)}`);
        const timer = setTimeout(() => reject(new Error("no [DONE] within 20 s")), 20_000);
        source.onopen = () => opens++;
        const keep = (e: Event) => {
          // A server `error` event is a MessageEvent; a connection error is a plain Event.
          if (!(e instanceof MessageEvent)) return;
          events.push({ type: e.type, id: e.lastEventId, data: e.data });
          if (e.data === "[DONE]") {
            clearTimeout(timer);
            source.close();
            resolve();
          }
        };
        for (
          const type of [
            "meta",
            "context",
            "wait",
            "thinking",
            "token",
            "tool",
            "done",
            "error",
            "message",
          ]
        ) {
          source.addEventListener(type, keep);
        }
      });
      // A wrong token is refused like a wrong header: EventSource gives up, no retries.
      const refused = await new Promise<number>((resolve) => {
        const source = new EventSource(`${path}?session=not-a-session`);
        source.onerror = () => setTimeout(() => resolve(source.readyState), 200);
      });
      const saved = await (await fetch(`/api/conversations/${meta.conversationId}/messages`, {
        headers,
      })).json();
      return { events, opens, refused, saved: saved.items[1], CLOSED: EventSource.CLOSED };
    }, ann.id);

    const ids = result.events.map((e) => Number(e.id));
    assert.deepEqual(ids, ids.map((_, i) => i), "ids 0, 1, 2 … with no gap and no repeat");
    assert.equal(result.events[0].type, "meta");
    assert.equal(result.events.at(-2)?.type, "done");
    const text = result.events.filter((e) => e.type === "token")
      .map((e) => JSON.parse(e.data).text).join("");
    assert.equal(text, words);
    assert.equal(result.saved.content, words);
    assert.equal(result.opens, 2, "one reconnect");
    // The first connection ended after events 0 … 19; the browser asked for what follows 19.
    assert.deepEqual(seen.slice(0, 2), [
      { lastEventId: null, session: true, header: false },
      { lastEventId: "19", session: true, header: false },
    ]);
    assert.equal(result.refused, result.CLOSED);
    assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
  } finally {
    await browser.close();
    await server.shutdown();
    await closeServices(services);
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("sse browser - ?session= is accepted only for reading a chat task's stream", async () => {
  await using app = await testApp({ env: { HEARTH_FAKE_OLLAMA: "1" } });
  const token = app.services.sessions.issue().token;
  const bare = (path: string, init: RequestInit = {}) => app.fetch(path, init);
  for (const path of [`/api/conversations?session=${token}`, `/api/me?session=${token}`]) {
    await expectError(await bare(path), 401, "session_required");
  }
  await expectError(
    await bare(`/api/tasks/x/cancel?session=${token}`, { method: "POST" }),
    401,
    "session_required",
  );
  await expectError(
    await bare(`/api/tasks/x/stream?session=expired-or-made-up`),
    401,
    "session_expired",
  );
  // A valid token gets past the session check; the profile check comes next.
  await expectError(
    await bare(`/api/tasks/x/stream?session=${token}`),
    401,
    "profile_required",
  );
});

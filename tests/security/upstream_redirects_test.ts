/**
 * No upstream request follows a redirect: a model server (or a proxy in front of it) that
 * answers 3xx gets an error, and the address it points to gets no request, so no answer from an
 * address nobody configured reaches a member. Every upstream request goes through `lib/http/`,
 * and the last test keeps it that way.
 */
import assert from "node:assert/strict";
import { OpenAIProvider, ProviderError } from "../../lib/ai/mod.ts";
import { startFakeOpenAI } from "../../lib/ai/fake_openai.ts";
import { OllamaError } from "../../lib/ollama/errors.ts";
import { startFakeOllama } from "../../lib/ollama/fake_server.ts";
import { requestJson, requestNdjson } from "../../lib/ollama/http.ts";
import { json, readSse, type Sse } from "../helpers/admin.ts";
import { testApp } from "../helpers/app.ts";
import { member } from "../helpers/profile.ts";

const REFUSED =
  /answered with a redirect \(HTTP 30[27] to http:\/\/127\.0\.0\.1:\d+\/.*\); Hearth does not follow redirects/;

/** A server that answers every request with `status` to the same path at `to`. */
function redirector(to: string, status: number) {
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
    const { pathname } = new URL(req.url);
    return new Response(null, { status, headers: { location: new URL(pathname, to).href } });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

/** A member's chat through the app: the events of the whole reply. */
async function memberChat(env: Record<string, string>, model: string): Promise<Sse[]> {
  await using app = await testApp({ env });
  const ann = await member(app, "Ann");
  return await readSse(await ann.fetch("/api/chat/stream", json("POST", { content: "Hi", model })));
}

Deno.test("redirects - an OpenAI-compatible server's 302 or 307 is an error; the target gets no request", async () => {
  const target = await startFakeOpenAI({ reply: "An answer from an address nobody configured." });
  const server = await startFakeOpenAI();
  try {
    for (const status of [302, 307]) {
      server.setFault({ type: "redirect", to: target.url, status });
      const provider = new OpenAIProvider({ baseUrl: server.url });
      const request = { model: "m", messages: [{ role: "user" as const, content: "Hi" }] };
      const err = await (async () => {
        try {
          for await (const _ of provider.chat({ ...request, options: { numCtx: 2048 } })) {
            // A redirect followed would stream here.
          }
        } catch (err) {
          return err;
        }
      })();
      assert.ok(err instanceof ProviderError, `${status}: ${err}`);
      assert.equal(err.code, "upstream_error");
      assert.match(err.detail, REFUSED);
      assert.match(err.detail, new RegExp(`^The AI server at ${server.url} answered`));
      await assert.rejects(provider.models(), (e: ProviderError) => REFUSED.test(e.detail));

      // Through the app: the member's reply is an error, not the other server's answer.
      const events = await memberChat({ HEARTH_OPENAI_URL: server.url }, "m");
      assert.deepEqual(events.map((e) => e.event), ["meta", "error", "[DONE]"], `${status}`);
      assert.equal((events[1].data as { code: string }).code, "upstream_error");
    }
    assert.equal(target.requests.length, 0, "the redirect's target never heard from Hearth");
    assert.ok(server.requests.length >= 6);
  } finally {
    await server.close();
    await target.close();
  }
});

Deno.test("redirects - an Ollama host's redirect is an error that says so; the target gets no request", async () => {
  const target = await startFakeOllama({ tokensPerSecond: 0 });
  try {
    for (const status of [302, 307]) {
      await using proxy = redirector(target.url, status);
      const limits = { timeoutMs: 2000, idleTimeoutMs: 2000 };
      const refused = (e: unknown) =>
        e instanceof OllamaError && e.code === "ollama_error" &&
        e.message.startsWith(`Ollama at ${proxy.url} answered with a redirect`) &&
        REFUSED.test(e.message) && e.details.upstreamStatus === status;
      await assert.rejects(requestJson(proxy.url, "GET", "/api/tags", undefined, limits), refused);
      const body = { model: "llama3.2:latest", messages: [{ role: "user", content: "Hi" }] };
      await assert.rejects(
        Array.fromAsync(requestNdjson(proxy.url, "/api/chat", body, limits)),
        refused,
      );
      const events = await memberChat({ HEARTH_OLLAMA_URL: proxy.url }, "llama3.2:latest");
      assert.deepEqual(events.map((e) => e.event), ["meta", "error", "[DONE]"], `${status}`);
    }
    assert.equal(target.requests.length, 0, "the redirect's target never heard from Hearth");
  } finally {
    await target.close();
  }
});

// Browser code talks to Hearth itself, and test code to test servers; anything else that sends
// HTTP is an upstream request and goes through lib/http/ (`upstreamFetch` or the socket client).
const CLIENT_MODULE = "lib/http/fetch.ts";
const BROWSER = [
  /^lib\/client\//,
  /^lib\/web\/client\//,
  /^islands\//,
  /^components\//,
  // The service worker's source, which the build writes to /sw.js: it runs in the browser.
  /^lib\/web\/build\/sw\.ts$/,
];
const TEST_CODE = /(_test\.tsx?|_bench\.ts|\/testing\.ts)$/;
const BARE_FETCH = /(^|[^\w.$])(?:(?:globalThis|window|self)\s*\.\s*)?fetch\s*\(/;

Deno.test("redirects - no server code calls fetch( except the one upstream client", async () => {
  const offenders: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (/\.tsx?$/.test(path) && !TEST_CODE.test(path) && path !== CLIENT_MODULE) {
        if (BROWSER.some((b) => b.test(path))) continue;
        const lines = (await Deno.readTextFile(path)).split("\n");
        lines.forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, "");
          if (/^\s*\*/.test(code)) return; // a JSDoc line
          if (BARE_FETCH.test(code)) offenders.push(`${path}:${i + 1}: ${line.trim()}`);
        });
      }
    }
  };
  for (const dir of ["lib", "routes"]) await walk(dir);
  for (const file of ["main.ts", "utils.ts"]) {
    if (BARE_FETCH.test(await Deno.readTextFile(file))) offenders.push(file);
  }
  assert.deepEqual(offenders, [], "use upstreamFetch (lib/http/fetch.ts), which refuses redirects");
  // The check itself finds what it must.
  assert.ok(BARE_FETCH.test("const r = await fetch(url)"));
  assert.ok(BARE_FETCH.test("globalThis.fetch(url)"));
  assert.ok(!BARE_FETCH.test("app.fetch(req)") && !BARE_FETCH.test("upstreamFetch(url)"));
});

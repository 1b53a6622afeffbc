import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { type FakeOllama, startFakeOllama } from "./fake_server.ts";
import { OllamaError, type OllamaErrorCode } from "./errors.ts";
import { RealOllamaService } from "./real.ts";
import { collect, scriptedRunner, within } from "./testing.ts";

const TIMEOUT = 300;

function service(hosts: string[], extra: { idleTimeoutMs?: number; timeoutMs?: number } = {}) {
  return new RealOllamaService({ hosts, runner: scriptedRunner({}), timeoutMs: TIMEOUT, ...extra });
}

/** Asserts that `promise` rejects with an OllamaError of `code`, and returns it. */
async function failsWith(promise: Promise<unknown>, code: OllamaErrorCode): Promise<OllamaError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof OllamaError, `expected an OllamaError, got ${caught}`);
  assert.ok(caught instanceof HttpError);
  assert.equal(caught.code, code, caught.message);
  return caught;
}

async function withFake(fn: (fake: FakeOllama) => Promise<void>) {
  const fake = await startFakeOllama();
  try {
    await fn(fake);
  } finally {
    await fake.close();
  }
}

async function deadUrl(): Promise<string> {
  const fake = await startFakeOllama();
  await fake.close();
  return fake.url;
}

Deno.test("ollama - a host with nothing listening is ollama_unreachable, and status says so", async () => {
  const url = await deadUrl();
  const svc = service([url]);
  const status = await svc.status();
  assert.equal(status.hosts[0].reachable, false);
  assert.match(status.hosts[0].error ?? "", /not reachable/);
  const err = await failsWith(collect(svc.pull("llama3.2")), "ollama_unreachable");
  assert.equal(err.status, 503);
  await failsWith(svc.show("llama3.2", { host: url }), "ollama_unreachable");
  await failsWith(svc.hostFor("llama3.2"), "ollama_unreachable");
});

Deno.test("ollama - a host that hangs before the first byte times out as ollama_timeout", async () => {
  await withFake(async (fake) => {
    fake.setFault("*", { type: "hang" });
    const svc = service([fake.url]);
    const start = Date.now();
    const err = await failsWith(svc.show("llama3.2", { host: fake.url }), "ollama_timeout");
    assert.equal(err.status, 504);
    assert.ok(Date.now() - start < TIMEOUT + 1_000, "no hang past the timeout");
    const status = await svc.status();
    assert.equal(status.hosts[0].reachable, false);
    assert.match(status.hosts[0].error ?? "", /did not answer within 300 ms/);
    assert.ok(Date.now() - start < 2 * TIMEOUT + 1_500);
    // The fake saw the client give up on the hung requests.
    await within(fake.waitForDisconnects(2), 2_000, "disconnects");
  });
});

Deno.test("ollama - a pull that hangs before the first byte times out", async () => {
  await withFake(async (fake) => {
    fake.setFault("gemma3:1b", { type: "hang" });
    const start = Date.now();
    await failsWith(collect(service([fake.url]).pull("gemma3:1b")), "ollama_timeout");
    assert.ok(Date.now() - start < TIMEOUT + 1_000);
  });
});

Deno.test("ollama - a stream that goes silent past the idle timeout fails as ollama_timeout", async () => {
  const fake = await startFakeOllama({ pullStepMs: 1_000 });
  try {
    const svc = service([fake.url], { idleTimeoutMs: 150 });
    const start = Date.now();
    const err = await failsWith(
      collect(svc.pull("gemma3:1b", { host: fake.url })),
      "ollama_timeout",
    );
    assert.match(err.message, /went silent mid-stream for 150 ms/);
    assert.ok(Date.now() - start < 1_000);
  } finally {
    await fake.close();
  }
});

Deno.test("ollama - an error line after a 200 ends the pull with ollama_error and keeps the text", async () => {
  await withFake(async (fake) => {
    fake.setFault("gemma3:1b", { type: "error_line", error: "disk full", afterLines: 2 });
    const seen: string[] = [];
    const err = await failsWith(
      (async () => {
        for await (const e of service([fake.url]).pull("gemma3:1b")) seen.push(e.status);
      })(),
      "ollama_error",
    );
    assert.equal(err.status, 502);
    assert.equal(err.details.upstreamMessage, "disk full");
    assert.match(err.message, /disk full/);
    assert.equal(seen.length, 2, "the lines before the error still arrived");
    assert.ok(!fake.installed().includes("gemma3:1b"));
  });
});

Deno.test("ollama - a connection dropped mid-stream is a clean ollama_error", async () => {
  await withFake(async (fake) => {
    fake.setFault("gemma3:1b", { type: "drop", afterLines: 3 });
    const err = await failsWith(collect(service([fake.url]).pull("gemma3:1b")), "ollama_error");
    assert.match(err.message, /dropped mid-stream/);
  });
});

Deno.test("ollama - a 2 MB line is refused as upstream_line_too_long and the request aborted", async () => {
  // Slow lines after the long one, so the fake is still streaming when the client gives up.
  const fake = await startFakeOllama({ pullStepMs: 50 });
  try {
    fake.setFault("gemma3:1b", { type: "long_line", bytes: 2 * 1024 * 1024, afterLines: 1 });
    const err = await failsWith(
      collect(service([fake.url]).pull("gemma3:1b")),
      "upstream_line_too_long",
    );
    assert.equal(err.status, 502);
    assert.match(err.message, /longer than 1048576 bytes/);
    await within(fake.waitForDisconnects(1), 3_000, "disconnect");
    assert.ok(!fake.installed().includes("gemma3:1b"));
  } finally {
    await fake.close();
  }
});

Deno.test("ollama - an HTTP error status from Ollama becomes ollama_error with its message", async () => {
  await withFake(async (fake) => {
    fake.setFault("llama3.2", { type: "status", status: 500, error: "llama runner crashed" });
    const err = await failsWith(
      service([fake.url]).show("llama3.2", { host: fake.url }),
      "ollama_error",
    );
    assert.equal(err.details.upstreamStatus, 500);
    assert.match(err.message, /HTTP 500\): llama runner crashed/);
    // An error body too big to be a message is not read on: the status line stands in.
    fake.setFault("llama3.2", { type: "status", status: 500, error: "x".repeat(200_000) });
    const huge = await failsWith(
      service([fake.url]).show("llama3.2", { host: fake.url }),
      "ollama_error",
    );
    assert.equal(huge.details.upstreamStatus, 500);
    assert.match(huge.message, /HTTP 500\): Internal Server Error$/);
  });
});

Deno.test("ollama - unknown models are model_not_found for show, delete, pull and create", async () => {
  await withFake(async (fake) => {
    const svc = service([fake.url]);
    const show = await failsWith(svc.show("nope", { host: fake.url }), "model_not_found");
    assert.equal(show.details.upstreamMessage, "model 'nope' not found");
    await failsWith(svc.delete("nope", { host: fake.url }), "model_not_found");
    const pull = await failsWith(collect(svc.pull("no-such-model")), "model_not_found");
    assert.equal(pull.details.upstreamMessage, "pull model manifest: file does not exist");
    await failsWith(collect(svc.create({ name: "x", base: "no-such-base" })), "model_not_found");
    fake.setFault("llama3.2", { type: "not_found", once: true });
    await failsWith(svc.show("llama3.2", { host: fake.url }), "model_not_found");
    assert.equal((await svc.show("llama3.2", { host: fake.url })).family, "llama");
  });
});

Deno.test("ollama - invalid names and options fail as invalid_input before any request", async () => {
  await withFake(async (fake) => {
    const svc = service([fake.url]);
    await failsWith(collect(svc.pull("bad name\nFROM x")), "invalid_input");
    await failsWith(svc.show("", { host: fake.url }), "invalid_input");
    await failsWith(
      collect(svc.create({ name: "ok", base: "llama3.2", numCtx: -1 })),
      "invalid_input",
    );
    assert.equal(fake.requests.length, 0);
  });
});

Deno.test("ollama - a JSON answer over 16 MB is refused, not read into memory", async () => {
  const big = JSON.stringify({ license: "x".repeat(17 * 2 ** 20) });
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response(big, { headers: { "content-type": "application/json" } }),
  );
  const url = `http://127.0.0.1:${server.addr.port}`;
  // Reading 16 MB can take longer than the short timeout the other tests use on a busy machine.
  const ollama = service([url], { timeoutMs: 10_000 });
  const err = await failsWith(ollama.show("llama3.2", { host: url }), "ollama_error");
  assert.match(err.message, /sent an answer larger than 16 MB/);
});

import assert from "node:assert/strict";
import { Logger } from "./logger.ts";
import { MAX_LOG_STRING, oneLine, redactText, safeFields, safeText } from "./sanitize.ts";

const KEY = "hth_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbA";

Deno.test("sanitize - API keys, Bearer and Authorization values are masked in free text", () => {
  assert.equal(redactText(`used ${KEY} twice`), "used hth_******** twice");
  assert.equal(redactText("Authorization: Bearer abc.def-ghi"), "Authorization: Bearer ********");
  assert.equal(redactText("authorization=Basic dXNlcjpwYXNz"), "authorization=Basic ********");
  assert.equal(
    redactText('{"password":"hunter2","name":"x"}'),
    '{"password":"********","name":"x"}',
  );
  assert.equal(redactText("token: s3cr3t, next"), "token: ********, next");
  assert.equal(redactText("api_key=abc123&x=1"), "api_key=********&x=1");
});

Deno.test("sanitize - credential query values are masked, other query values kept", () => {
  assert.equal(
    redactText("GET /api/chat?session=abcdef123&model=gemma3"),
    "GET /api/chat?session=********&model=gemma3",
  );
  assert.equal(redactText("/v1/models?key=xyz"), "/v1/models?key=********");
  assert.equal(redactText("/x?a=1&api_key=zzz#h"), "/x?a=1&api_key=********#h");
  assert.equal(redactText("/x?monkey=banana"), "/x?monkey=banana");
});

Deno.test("sanitize - CR, LF and other control characters become visible escapes", () => {
  assert.equal(oneLine("a\r\nb\tc\u001b[31md\u2028e"), "a\\r\\nb\\tc\\u001b[31md\\u2028e");
  assert.equal(oneLine("plain text ✓"), "plain text ✓");
});

Deno.test("sanitize - long strings are cut, with how much was left off", () => {
  const text = safeText("x".repeat(MAX_LOG_STRING + 10));
  assert.ok(text.startsWith("x".repeat(MAX_LOG_STRING)));
  assert.ok(text.endsWith("(10 more characters)"));
});

Deno.test("sanitize - nested fields: secret keys and secrets inside strings are masked", () => {
  const out = safeFields({
    headers: { Authorization: "Bearer abc", accept: "x" },
    urls: ["/a?session=s1", "/b"],
    deep: { note: `key ${KEY}\nnext` },
  });
  assert.deepEqual(out, {
    headers: { Authorization: "********", accept: "x" },
    urls: ["/a?session=********", "/b"],
    deep: { note: "key hth_********\\nnext" },
  });
});

Deno.test("sanitize - a cyclic object is cut at the depth limit instead of looping", () => {
  const a: Record<string, unknown> = { name: "a" };
  a.self = a;
  const out = JSON.stringify(safeFields({ a }));
  assert.ok(out.includes("[nested]"));
});

Deno.test("log - a line with CR/LF and a secret stays one redacted line everywhere", () => {
  const lines: string[] = [];
  const log = new Logger({ write: (l) => lines.push(l) });
  const seen: string[] = [];
  log.subscribe((e) => seen.push(e.msg));
  log.error(`bad login\r\nINFO forged line Authorization: Bearer ${KEY}`, {
    url: "/api/x?key=abc\ndef",
  });
  assert.equal(lines.length, 1);
  assert.ok(!/[\r\n]/.test(lines[0]), lines[0]);
  assert.ok(!lines[0].includes(KEY.slice(4)), lines[0]);
  assert.ok(!lines[0].includes("abc"), lines[0]);
  const [entry] = log.entries();
  assert.equal(entry.msg, "bad login\\r\\nINFO forged line Authorization: Bearer ********");
  assert.deepEqual(entry.fields, { url: "/api/x?key=********\\ndef" });
  assert.equal(entry.isError, true);
  assert.deepEqual(seen, [entry.msg]);
});

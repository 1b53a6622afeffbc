import assert from "node:assert/strict";
import { z } from "zod";
import { HttpError } from "./errors.ts";
import { jsonTooDeep, readForm, readJson } from "./validate.ts";

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  const err = await promise.then(() => undefined, (e) => e);
  assert.ok(err instanceof HttpError, `expected an HttpError, got ${err}`);
  return err;
}

Deno.test("validate - JSON depth counts arrays and objects, never brackets in strings", () => {
  assert.equal(jsonTooDeep(nested(64)), false);
  assert.equal(jsonTooDeep(nested(65)), true);
  assert.equal(jsonTooDeep(`{"a":${nested(63)}}`), false);
  assert.equal(jsonTooDeep(`{"a":{"b":${nested(63)}}}`), true);
  assert.equal(jsonTooDeep(nested(1_000_000)), true, "no stack to overflow");
  assert.equal(jsonTooDeep(JSON.stringify({ s: "[".repeat(100) })), false);
  // An escaped quote does not end the string; an escaped backslash does not escape the quote.
  assert.equal(jsonTooDeep(JSON.stringify({ s: '\\"[[[' + "[".repeat(100) })), false);
  assert.equal(jsonTooDeep(JSON.stringify(["\\"]) + nested(64)), false);
  assert.equal(jsonTooDeep(`["\\\\",${nested(64)}]`), true);
  // Closing more than was opened (invalid JSON) is left to JSON.parse.
  assert.equal(jsonTooDeep("]]]]" + nested(3)), false);
});

function jsonRequest(body: string, type = "application/json"): Request {
  return new Request("http://localhost/", {
    method: "POST",
    headers: { "content-type": type },
    body,
  });
}

Deno.test("validate - readJson: 415, 413 at its limit, 422 too deep, 400 not JSON", async () => {
  const schema = z.object({ a: z.unknown() });
  assert.deepEqual(await readJson(jsonRequest('{"a":[1]}'), schema), { a: [1] });
  assert.equal((await refusal(readJson(jsonRequest("{}", "text/plain"), schema))).status, 415);
  const big = await refusal(
    readJson(jsonRequest(`{"a":"${"x".repeat(100)}"}`), schema, { limit: 50 }),
  );
  assert.equal(big.status, 413);
  const deep = await refusal(readJson(jsonRequest(`{"a":${nested(64)}}`), schema));
  assert.equal(deep.status, 422);
  assert.equal(deep.code, "json_too_deep");
  assert.equal(deep.message, "The JSON body is nested more than 64 levels deep.");
  assert.equal((await refusal(readJson(jsonRequest("{nope"), schema))).code, "invalid_json");
});

Deno.test("validate - readForm reads urlencoded and multipart forms within its limit", async () => {
  const schema = z.object({ locale: z.string(), back: z.string().optional() });
  const urlencoded = new Request("http://localhost/", {
    method: "POST",
    body: new URLSearchParams({ locale: "de", back: "/chat" }),
  });
  assert.deepEqual(await readForm(urlencoded, schema), { locale: "de", back: "/chat" });
  const data = new FormData();
  data.set("locale", "en");
  const multipart = new Request("http://localhost/", { method: "POST", body: data });
  assert.deepEqual(await readForm(multipart, schema), { locale: "en" });

  const big = new Request("http://localhost/", {
    method: "POST",
    body: new URLSearchParams({ locale: "x".repeat(20_000) }),
  });
  const tooBig = await refusal(readForm(big, schema));
  assert.equal(tooBig.status, 413);
  assert.equal(tooBig.message, "The request body is larger than 16 kB.");
  const json = await refusal(readForm(jsonRequest('{"locale":"de"}'), schema));
  assert.equal(json.status, 415);
  const broken = new Request("http://localhost/", {
    method: "POST",
    headers: { "content-type": "multipart/form-data; boundary=nope" },
    body: "garbage",
  });
  assert.equal((await refusal(readForm(broken, schema))).code, "invalid_form");
  const noCode = new Request("http://localhost/", { method: "POST", body: data });
  const missing = await refusal(readForm(noCode, z.object({ code: z.string() })));
  assert.equal(missing.status, 422);
});

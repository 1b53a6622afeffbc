import assert from "node:assert/strict";
import { equalBytes, hmacSha256, sha256, sha256Hex } from "./hash.ts";

const encoder = new TextEncoder();

Deno.test("sha256 agrees with Web Crypto on every length around the block sizes, and on UTF-8", async () => {
  const inputs: (string | Uint8Array<ArrayBuffer>)[] = ["", "abc", "héllo wörld ✓ 🔥"];
  for (let n = 0; n <= 200; n++) {
    inputs.push(crypto.getRandomValues(new Uint8Array(n)));
  }
  for (const input of inputs) {
    const bytes = typeof input === "string" ? encoder.encode(input) : input;
    const want = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    assert.deepEqual(sha256(input), want);
    assert.deepEqual(sha256Hex(input), want.toHex());
  }
  assert.deepEqual(
    sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});

Deno.test("hmacSha256 agrees with Web Crypto, for short and long keys", async () => {
  for (const keyLength of [1, 16, 32, 64, 65, 200]) {
    const key = crypto.getRandomValues(new Uint8Array(keyLength));
    const data = crypto.getRandomValues(new Uint8Array(keyLength + 7));
    const webKey = await crypto.subtle.importKey(
      "raw",
      key,
      { name: "HMAC", hash: "SHA-256" },
      false,
      [
        "sign",
      ],
    );
    const want = new Uint8Array(await crypto.subtle.sign("HMAC", webKey, data));
    assert.deepEqual(hmacSha256(key, data), want);
  }
});

Deno.test("equalBytes compares contents and lengths", () => {
  assert(equalBytes(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3])));
  assert(!equalBytes(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4])));
  assert(!equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3])));
  assert(equalBytes(new Uint8Array(), new Uint8Array()));
});

import * as assert from "node:assert/strict";
import { downloadType, previewToken, previewType, readPreviewToken } from "./preview.ts";
import { rejectsWith } from "./testing.ts";

const claim = { conversationId: "c1", profileId: "ann", path: "site/index.html", expires: 1_000 };

Deno.test("preview token - round trip; tampered, cut, forged or expired tokens are refused", async () => {
  const token = previewToken(claim);
  assert.deepEqual(readPreviewToken(token, 999), claim);
  assert.deepEqual(readPreviewToken(token, 1_000), claim);
  await rejectsWith(() => readPreviewToken(token, 1_001), "preview_not_found");
  const [payload, mac] = token.split(".");
  // Another path, profile or a later expiry under the same signature.
  for (const other of [{ path: "../secret" }, { profileId: "bob" }, { expires: 9e15 }]) {
    const forged = previewToken({ ...claim, ...other }).split(".")[0];
    await rejectsWith(() => readPreviewToken(`${forged}.${mac}`, 0), "preview_not_found");
  }
  for (
    const bad of [
      "",
      payload,
      `${payload}.`,
      `.${mac}`,
      `${payload}.${mac}.x`,
      `${payload}x.${mac}`,
    ]
  ) {
    await rejectsWith(() => readPreviewToken(bad, 0), "preview_not_found");
  }
});

Deno.test("preview type - by extension, text for anything else", () => {
  assert.equal(previewType("a/b.HTML"), "text/html; charset=utf-8");
  assert.equal(previewType("pic.png"), "image/png");
  assert.equal(previewType("run.sh"), "text/plain; charset=utf-8");
  assert.equal(previewType("noext"), "text/plain; charset=utf-8");
  // Downloads: raster images typed, everything else (HTML and SVG too) opaque.
  assert.equal(downloadType("a.PNG"), "image/png");
  assert.equal(downloadType("page.html"), "application/octet-stream");
  assert.equal(downloadType("logo.svg"), "application/octet-stream");
});

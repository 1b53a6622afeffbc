import assert from "node:assert/strict";
import { precacheUrls, serviceWorker, type ServiceWorkerInput } from "./sw.ts";

const input: ServiceWorkerInput = {
  scripts: ["/_hearth/js/abc/boot.js", "/_hearth/js/abc/chunk-1.js"],
  statics: [
    { path: "/styles.css", hash: "s1" },
    { path: "/icon-192.png", hash: "i1" },
    { path: "/sw.js", hash: "w1" },
  ],
  sources: ["offline page"],
};

Deno.test("sw - precaches the offline page, every bundle and every static file but itself", () => {
  assert.deepEqual(precacheUrls(input), [
    "/offline",
    "/_hearth/js/abc/boot.js",
    "/_hearth/js/abc/chunk-1.js",
    "/icon-192.png?v=i1",
    "/styles.css?v=s1",
  ]);
});

Deno.test("sw - the same build gives the same worker, byte for byte", async () => {
  assert.deepEqual(await serviceWorker(input), await serviceWorker({ ...input }));
});

Deno.test("sw - any change to a precached file or the offline page's sources changes the worker", async () => {
  const base = await serviceWorker(input);
  const changes: ServiceWorkerInput[] = [
    { ...input, scripts: ["/_hearth/js/abd/boot.js", "/_hearth/js/abd/chunk-1.js"] },
    { ...input, statics: input.statics.map((f) => ({ ...f, hash: f.hash + "x" })) },
    { ...input, statics: [...input.statics, { path: "/sw-push.js", hash: "p1" }] },
    { ...input, sources: ["offline page, reworded"] },
  ];
  const versions = new Set([base.version]);
  for (const change of changes) {
    const next = await serviceWorker(change);
    assert.notEqual(next.text, base.text);
    versions.add(next.version);
  }
  assert.equal(versions.size, changes.length + 1);
  assert.match(base.text, new RegExp(`const VERSION = "${base.version}";`));
});

Deno.test("sw - a classic script that parses, with the place for other features' handlers", async () => {
  const { text } = await serviceWorker(input);
  // A classic script has no import/export; `new Function` parses it as one.
  new Function("self", "caches", text);
  assert.doesNotMatch(text, /^\s*(import|export)\b/m);
  assert.match(text, /Other features' handlers .* go here:\nimportScripts\("\/sw-push\.js"\);/);
  // The API is passed through before any cache is looked at.
  assert.ok(text.indexOf('startsWith("/api/")') < text.indexOf("caches.match"));
});

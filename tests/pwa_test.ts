/**
 * The installable app's files as the server answers them: `/sw.js` (type, caching, scope, CSP,
 * open before setup, behind the Host guard), the PNG icons byte for byte, and a manifest whose
 * every icon is served.
 */
import assert from "node:assert/strict";
import { assets } from "../lib/web/build/assets.ts";
import { testApp } from "./helpers/app.ts";
import { ROOT } from "./helpers/server.ts";

Deno.test("pwa - /sw.js is the build's worker: JavaScript, revalidated every time, scope /", async () => {
  await using app = await testApp();
  const res = await app.fetch("/sw.js");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/javascript; charset=utf-8");
  assert.equal(res.headers.get("cache-control"), "no-cache");
  // Served from the root, so its default scope is the whole site; no header widens it.
  assert.equal(res.headers.get("service-worker-allowed"), null);
  assert.match(res.headers.get("content-security-policy") ?? "", /default-src 'self'/);
  const text = await res.text();
  assert.equal(text, assets.static["/sw.js"].text);
  const version = /const VERSION = "(\w+)";/.exec(text)?.[1];
  assert.ok(version, "the worker names its version");
  // Everything it precaches is there to fetch.
  const precache = JSON.parse(
    /const PRECACHE = (\[[\s\S]*?\]);/.exec(text)![1].replace(/,\n\]/, "]"),
  );
  assert.ok(precache.includes("/offline"));
  assert.ok(precache.includes(assets.boot));
  for (const url of precache) {
    const got = await app.fetch(url);
    assert.equal(got.status, 200, url);
    await got.body?.cancel();
  }
  // A browser revalidating gets a 304.
  const again = await app.fetch("/sw.js", {
    headers: { "if-none-match": res.headers.get("etag")! },
  });
  assert.equal(again.status, 304);
});

Deno.test("pwa - /sw.js and the offline page answer before setup; a foreign Host does not get them", async () => {
  await using app = await testApp({ setup: true });
  for (const path of ["/sw.js", "/offline", "/icon-192.png"]) {
    const res = await app.fetch(path);
    assert.equal(res.status, 200, path);
    await res.body?.cancel();
  }
  const foreign = await app.fetch("/sw.js", { headers: { host: "evil.example" } });
  assert.equal(foreign.status, 403);
  await foreign.body?.cancel();
});

Deno.test("pwa - PNG icons are served as image/png with their bytes intact", async () => {
  await using app = await testApp();
  for (
    const name of ["icon-192.png", "icon-512.png", "icon-maskable-512.png", "apple-touch-icon.png"]
  ) {
    const res = await app.fetch(`/${name}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "image/png");
    assert.deepEqual(
      new Uint8Array(await res.arrayBuffer()),
      await Deno.readFile(`${ROOT}/static/${name}`),
    );
  }
});

Deno.test("pwa - a manifest per language: one id, PNG icons 192/512 and a maskable one, translated shortcuts, all served", async () => {
  await using app = await testApp();
  const shortcuts: Record<string, string[]> = {};
  for (const locale of ["en", "de"]) {
    const res = await app.fetch(`/manifest.${locale}.webmanifest`);
    assert.equal(res.headers.get("content-type"), "application/manifest+json");
    const manifest = await res.json();
    assert.equal(manifest.id, "/");
    assert.equal(manifest.lang, locale);
    const png = (size: string, purpose: string) =>
      manifest.icons.some((i: Record<string, string>) =>
        i.type === "image/png" && i.sizes === size && i.purpose === purpose
      );
    assert.ok(png("192x192", "any") && png("512x512", "any") && png("512x512", "maskable"));
    assert.deepEqual(manifest.shortcuts.map((s: { url: string }) => s.url), ["/chat", "/search"]);
    shortcuts[locale] = manifest.shortcuts.map((s: { name: string }) => s.name);
    const icons = [
      ...manifest.icons,
      ...manifest.shortcuts.flatMap((s: { icons: unknown[] }) => s.icons),
    ] as { src: string; sizes: string; type: string }[];
    for (const icon of icons) {
      const got = await app.fetch(icon.src);
      assert.equal(got.status, 200, icon.src);
      assert.equal(got.headers.get("content-type"), icon.type, icon.src);
      // The PNG's own size (IHDR width and height) is the one the manifest states.
      const view = new DataView(await got.arrayBuffer());
      assert.equal(`${view.getUint32(16)}x${view.getUint32(20)}`, icon.sizes, icon.src);
    }
  }
  assert.deepEqual(shortcuts, { en: ["New chat", "Search"], de: ["Neuer Chat", "Suche"] });
});

Deno.test("pwa - pages link the manifest, an apple-touch-icon PNG and the theme colour", async () => {
  await using app = await testApp({ setup: true });
  const html = await (await app.fetch("/offline")).text();
  assert.match(html, /<link rel="manifest" href="\/manifest\.en\.webmanifest\?v=\w+"/);
  const german = await app.fetch("/offline", { headers: { "accept-language": "de" } });
  assert.match(
    await german.text(),
    /<link rel="manifest" href="\/manifest\.de\.webmanifest\?v=\w+"/,
  );
  assert.match(html, /<link rel="apple-touch-icon" href="\/apple-touch-icon\.png\?v=\w+"/);
  assert.match(html, /<meta name="theme-color"/);
  // The retry link asks for the page the worker stood in for again, without JavaScript.
  assert.match(html, /<a href(="")? class="button">Try again<\/a>/);
  assert.doesNotMatch(html, /<script/);
});

/**
 * Previews of workspace files: `POST /api/workspaces/{id}/preview` gives a signed link;
 * `/preview/{token}` serves the file by the token alone, with the sandbox CSP and its other
 * headers intact after the app's own security headers, for 10 minutes.
 */
import assert from "node:assert/strict";
import { json } from "./helpers/admin.ts";
import { expectError, testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

const CSP = "sandbox allow-scripts; default-src 'none'; style-src 'unsafe-inline'; " +
  "script-src 'unsafe-inline'; img-src data:; font-src data:; media-src data:; " +
  "frame-ancestors 'self'";

Deno.test("preview - a signed link serves the file sandboxed, without cookies, for 10 minutes", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const conv = (await (await ann.fetch("/api/conversations", json("POST", {}))).json()).id;
  const page = "<!doctype html><script>document.title = document.cookie</script><p>Hi</p>";
  const put = await ann.fetch(`/api/workspaces/${conv}/files?path=site%2Findex.html`, {
    method: "PUT",
    body: page,
  });
  assert.equal(put.status, 200);
  const made = await ann.fetch(
    `/api/workspaces/${conv}/preview`,
    json("POST", { path: "site/index.html" }),
  );
  assert.equal(made.status, 200, await made.clone().text());
  const { url, expiresAt } = await made.json();
  assert.match(url, /^\/preview\/[\w-]+\.[\w-]+$/);
  assert.equal(Date.parse(expiresAt) - app.services.now() <= 10 * 60 * 1000, true);

  // No cookie, no session: the token alone.
  const res = await app.fetch(url);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), page);
  assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(res.headers.get("content-security-policy"), CSP);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  assert.equal(res.headers.get("referrer-policy"), "no-referrer");
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.equal(res.headers.get("x-frame-options"), "SAMEORIGIN");
  assert.equal(res.headers.get("set-cookie"), null);
  // The same with a profile's cookie: it changes nothing.
  const withCookie = await app.fetch(url, { headers: { cookie: bob.cookie } });
  assert.equal(withCookie.status, 200);
  assert.equal(withCookie.headers.get("content-security-policy"), CSP);
  await withCookie.body?.cancel();
  // The app's own pages keep the app's CSP.
  const home = await app.fetch("/profiles");
  assert.notEqual(home.headers.get("content-security-policy"), CSP);
  assert.equal(home.headers.get("x-frame-options"), "DENY");
  await home.body?.cancel();

  // A tampered token, and the same one after 10 minutes.
  const [payload, mac] = url.slice("/preview/".length).split(".");
  const flipped = (s: string, at: number) =>
    s.slice(0, at) + (s[at] === "A" ? "B" : "A") + s.slice(at + 1);
  const bad = await app.fetch(`/preview/${flipped(payload, 5)}.${mac}`);
  assert.equal(bad.status, 404);
  assert.equal(bad.headers.get("content-security-policy"), CSP);
  await expectError(bad, 404, "preview_not_found");
  await expectError(
    await app.fetch(`/preview/${payload}.${flipped(mac, 3)}`),
    404,
    "preview_not_found",
  );
  const realNow = app.services.now;
  app.services.now = () => realNow() + 10 * 60 * 1000 + 1;
  await expectError(await app.fetch(url), 404, "preview_not_found");
  app.services.now = realNow;

  // A file that is gone, or never was; another profile's conversation.
  await expectError(
    await ann.fetch(`/api/workspaces/${conv}/preview`, json("POST", { path: "nope.html" })),
    404,
    "file_not_found",
  );
  await expectError(
    await ann.fetch(`/api/workspaces/${conv}/preview`, json("POST", { path: "../../hearth.db" })),
    400,
    "path_outside",
  );
  await expectError(
    await bob.fetch(`/api/workspaces/${conv}/preview`, json("POST", { path: "site/index.html" })),
    404,
    "conversation_not_found",
  );
  await ann.fetch(`/api/workspaces/${conv}/files?path=site`, { method: "DELETE" });
  await expectError(await app.fetch(url), 404, "file_not_found");
});

Deno.test("preview - a link made into a folder link after the token was made is refused", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const conv = (await (await ann.fetch("/api/conversations", json("POST", {}))).json()).id;
  await ann.fetch(`/api/workspaces/${conv}/files?path=site%2Fconfig.json`, {
    method: "PUT",
    body: "{}",
  });
  const { url } = await (await ann.fetch(
    `/api/workspaces/${conv}/preview`,
    json("POST", { path: "site/config.json" }),
  )).json();
  // A command swaps the folder for a link to Hearth's home.
  const root = `${app.home}/workspaces/${conv}`;
  await Deno.remove(`${root}/site`, { recursive: true });
  await Deno.symlink(app.home, `${root}/site`);
  await expectError(await app.fetch(url), 400, "path_outside");
});

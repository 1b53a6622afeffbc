/**
 * A failed upgrade on a household's real data: the data is restored from the snapshot, and
 * Hearth serves it read-only (older schema, newer code): pages render with a banner, every
 * write gets 503 `read_only`.
 */
import assert from "node:assert/strict";
import { resolvePaths } from "../lib/config/paths.ts";
import { MIGRATIONS } from "../lib/db/mod.ts";
import { listSnapshots } from "../lib/db/snapshots.ts";
import { dumpDatabase } from "../lib/db/snapshots_testing.ts";
import { Logger } from "../lib/log/logger.ts";
import { createApp } from "../lib/server.ts";
import { closeServices, createServices } from "../lib/services.ts";
import { household, UPGRADE } from "./helpers/upgrade.ts";

Deno.test("upgrade - a migration failing midway: data restored, Hearth serves it read-only", async () => {
  const home = await Deno.makeTempDir({ prefix: "hearth-upgrade-" });
  const dbFile = resolvePaths({ HEARTH_HOME: home }).dbFile;
  try {
    const who = await household(home);
    const before = dumpDatabase(dbFile);
    const lines: string[] = [];
    const services = await createServices({
      env: { HEARTH_HOME: home },
      log: new Logger({ write: (line) => lines.push(line) }),
      fake: true,
      // The newest real migration succeeds, then one changes things and throws.
      migrations: UPGRADE,
    });
    try {
      assert.ok(services.readOnly, "services.readOnly says why");
      const snaps = await listSnapshots(dbFile);
      assert.equal(snaps.length, 1);
      assert.equal(services.readOnly.snapshot, snaps[0].name);
      assert.deepEqual(dumpDatabase(dbFile), before, "every table and user_version as before");
      assert.ok(lines.some((l) => l.includes("upgrade failed")), "the log says so");

      const app = createApp(services);
      const send = (path: string, cookie: string, init: RequestInit = {}) => {
        const headers = new Headers(init.headers);
        headers.set("host", "localhost:8420");
        headers.set("cookie", cookie);
        const info = { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 50000 } };
        return Promise.resolve(
          app.fetch(new Request(`http://localhost:8420${path}`, { ...init, headers }), info),
        );
      };
      const page = async (path: string, cookie: string) => {
        const res = await send(path, cookie, { headers: { accept: "text/html" } });
        const html = await res.text();
        return { status: res.status, html };
      };

      // Pages of the newer code over the older schema: they render, with the banner.
      for (const path of ["/", "/chat"]) {
        const { status, html } = await page(path, who.member);
        assert.equal(status, 200, `${path}: ${html.slice(0, 500)}`);
        assert.match(html, /class="readonly-banner"/);
        assert.match(html, new RegExp(`restored from ${services.readOnly.snapshot}`));
      }
      const admin = await page("/admin", who.admin);
      assert.equal(admin.status, 200, admin.html.slice(0, 500));
      assert.match(admin.html, /readonly-banner/);
      const pages = [
        ...["/today", "/todos", "/lists", "/memos", "/calendar", "/documents", "/gems"],
        ...["/search?q=leek", "/notifications", `/chat/${who.conversationId}`, "/me/calendar"],
      ].map((p) => [p, who.member]).concat(
        ["/admin/profiles", "/admin/devices", "/admin/settings", "/admin/models", "/admin/gems"]
          .map((p) => [p, who.admin]),
      );
      // A page renders with the banner, or (when it reads what the failed upgrade was to add)
      // says with the banner that it needs the upgrade: never a bare 500.
      const broken: string[] = [];
      let needUpgrade = 0;
      for (const [path, cookie] of pages) {
        const { status, html } = await page(path, cookie);
        const needs = status === 503 && html.includes("needs the upgrade that failed");
        if (needs) needUpgrade++;
        if ((status !== 200 && !needs) || !html.includes("readonly-banner")) {
          broken.push(`${path} ${status}`);
        }
      }
      assert.deepEqual(broken, [], "every section's page renders or says it needs the upgrade");
      assert.ok(needUpgrade < pages.length / 2, `${needUpgrade} pages need the upgrade`);

      // An API write: 503 read_only, saying what happened and what to do.
      const session = await (await send("/api/session", who.member)).json();
      const post = await send("/api/conversations", who.member, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-hearth-session": session.token,
          origin: "http://localhost:8420",
        },
        body: JSON.stringify({ title: "new" }),
      });
      assert.equal(post.status, 503);
      const body = await post.json();
      assert.equal(body.error.code, "read_only");
      assert.match(body.error.message, /upgrade of Hearth failed/);
      assert.match(body.error.message, new RegExp(services.readOnly.snapshot));
      assert.match(body.error.message, /Check the log.*older Hearth/);
      // In German too.
      const de = await send(`/api/conversations/${who.conversationId}`, who.member, {
        method: "DELETE",
        headers: {
          "x-hearth-session": session.token,
          origin: "http://localhost:8420",
          "accept-language": "de",
        },
      });
      assert.equal(de.status, 503);
      assert.match((await de.json()).error.message, /Deine Daten sind sicher/);
      // A page's form: the error page says the same.
      const form = await send("/admin/settings", who.admin, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "text/html",
          origin: "http://localhost:8420",
        },
        body: "x=1",
      });
      assert.equal(form.status, 503);
      assert.match(await form.text(), /Your data is safe/);
      // Reading works: the chat's messages come back.
      const read = await send(`/api/conversations/${who.conversationId}`, who.member, {
        headers: { "x-hearth-session": session.token },
      });
      assert.equal(read.status, 200, await read.clone().text());
      assert.deepEqual(dumpDatabase(dbFile), before, "nothing the requests did wrote");
    } finally {
      await closeServices(services);
    }
    assert.deepEqual(dumpDatabase(dbFile), before, "nor did stopping");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("upgrade - a successful upgrade serves read-write and keeps its snapshot", async () => {
  const home = await Deno.makeTempDir({ prefix: "hearth-upgrade-" });
  try {
    await household(home);
    const services = await createServices({
      env: { HEARTH_HOME: home },
      log: new Logger({ write: null }),
      fake: true,
    });
    try {
      assert.equal(services.readOnly, null);
      assert.deepEqual(services.db.applied, [MIGRATIONS.at(-1)!.version]);
      const snaps = await listSnapshots(services.db.path);
      assert.equal(snaps.length, 1);
      assert.match(snaps[0].name, new RegExp(`^pre-${MIGRATIONS.at(-1)!.version}-`));
    } finally {
      await closeServices(services);
    }
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

/**
 * The admin: password login and its cookie, wrong passwords and their rate limit, logout and
 * expiry on an injected clock, `hearth reset-password`, and a table over the route manifest so
 * that no admin route can be left open: every route under an admin URL must sit below a
 * `_middleware` that applies `adminOnly`, and every such route refuses a request without an
 * admin login.
 */
import assert from "node:assert/strict";
import { adminOnly, createAdminSession, verifySecret } from "../lib/auth/mod.ts";
import {
  ADMIN_PASSWORD,
  cookieFrom,
  json,
  seedHousehold,
  setCookieOf,
} from "../lib/auth/testing.ts";
import { openDatabase } from "../lib/db/mod.ts";
import { classifyRouteFile } from "../lib/web/route_pattern.ts";
import type { Manifest, RouteModule } from "../lib/web/define.ts";
import manifest from "../routes.gen.ts";
import { expectError, type TestApp, testApp } from "./helpers/app.ts";
import { ROOT } from "./helpers/server.ts";

const login = (app: TestApp, password: string, from?: string) =>
  app.api("/api/admin/login", json("POST", { password }), from);

/** URLs that only the admin may use; `/admin/login` and its API are the way in. */
function isAdminUrl(pattern: string): boolean {
  if (pattern === "/admin/login" || pattern === "/api/admin/login") return false;
  return /^\/(api\/)?admin(\/|$)/.test(pattern);
}

function routesOf(m: Manifest) {
  return Object.entries(m.routes)
    .map(([file, mod]) => ({ file, mod, ...classifyRouteFile(file.replace(/^\.\/routes\//, "")) }))
    .filter((r) => r.kind === "route");
}

/** Whether a `_middleware` in one of the route file's folders applies `adminOnly`. */
function guardedByAdminOnly(m: Manifest, file: string): boolean {
  const parts = file.split("/").slice(0, -1);
  return parts.some((_, i) => {
    const mw = m.routes[`${parts.slice(0, i + 1).join("/")}/_middleware.ts`]?.handler;
    return [mw].flat().includes(adminOnly);
  });
}

function openAdminRoutes(m: Manifest): string[] {
  return routesOf(m).filter((r) => isAdminUrl(r.pattern) && !guardedByAdminOnly(m, r.file))
    .map((r) => r.file);
}

function methodsOf(mod: RouteModule): string[] {
  const h = mod.handler;
  if (typeof h === "function") return ["GET", "POST"];
  if (h && typeof h === "object" && !Array.isArray(h)) {
    return [...new Set([...Object.keys(h), ...(mod.default ? ["GET"] : [])])];
  }
  return ["GET"];
}

Deno.test("admin guard - every route under an admin URL is below an adminOnly _middleware", () => {
  const adminRoutes = routesOf(manifest).filter((r) => isAdminUrl(r.pattern)).map((r) => r.pattern);
  for (
    const must of [
      "/admin",
      "/admin/devices",
      "/admin/profiles",
      "/api/admin/logout",
      "/api/admin/devices",
      "/api/admin/config",
      "/api/admin/ollama/status",
      "/api/admin/profiles/:id",
    ]
  ) {
    assert.ok(adminRoutes.includes(must), `${must} is in the manifest`);
  }
  assert.deepEqual(openAdminRoutes(manifest), [], "admin URLs without the adminOnly guard");
  // The check itself catches an open route.
  const leaky: Manifest = {
    islands: {},
    routes: {
      ...manifest.routes,
      "./routes/api/admin/oops.ts": { handler: () => new Response() },
    },
  };
  assert.deepEqual(openAdminRoutes(leaky), ["./routes/api/admin/oops.ts"]);
  assert.ok(!isAdminUrl("/admin/login") && !isAdminUrl("/api/admin/login"));
  assert.ok(
    isAdminUrl("/api/admin/config") && isAdminUrl("/api/admin/x/y") &&
      isAdminUrl("/admin/models/:name") && !isAdminUrl("/api/administrator"),
  );
});

Deno.test("admin guard - every admin-only route refuses a request without an admin login", async () => {
  await using app = await testApp();
  const { guest } = await seedHousehold(app.services.db);
  // A member with a profile: the picker redirect does not interfere, only the admin guard does.
  const member = cookieFrom(
    await app.api(`/api/profiles/${guest.id}/select`, json("POST", {})),
    "hearth_device",
  );
  const stale = `${member}; hearth_admin=${"x".repeat(43)}`;
  const guarded = routesOf(manifest).filter((r) => guardedByAdminOnly(manifest, r.file));
  assert.ok(guarded.length >= 6, `only ${guarded.length} admin routes`);
  let checked = 0;
  for (const route of guarded) {
    const path = route.pattern.replace(/:(\w+)(\{[^}]*\}|\?)?/g, "x");
    for (const method of methodsOf(route.mod)) {
      for (const cookie of [member, stale]) {
        const what = `${method} ${path} (${route.file})`;
        const res = await app.api(
          path,
          json(method, method === "GET" ? undefined : {}, { cookie }),
        );
        if (!path.startsWith("/api/") && method === "GET") {
          assert.equal(res.status, 303, what);
          assert.equal(
            res.headers.get("location"),
            `/admin/login?next=${encodeURIComponent(path)}`,
          );
        } else {
          await expectError(res, 401, "admin_required").catch((err) => {
            throw new Error(`${what}: ${err.message}`);
          });
        }
        checked++;
      }
    }
  }
  // Adding a member is the admin's; the public profile list takes no POST at all.
  await expectError(
    await app.api(
      "/api/admin/profiles",
      json("POST", { name: "X", avatar: "X" }, { cookie: member }),
    ),
    401,
    "admin_required",
  );
  await expectError(
    await app.api("/api/profiles", json("POST", { name: "X", avatar: "X" }, { cookie: member })),
    405,
    "method_not_allowed",
  );
  assert.ok(checked >= 12);
});

Deno.test("admin guard - the login sets an httpOnly, SameSite=Strict, 8-hour cookie that opens admin routes", async () => {
  await using app = await testApp();
  await seedHousehold(app.services.db);
  await expectError(await app.api("/api/admin/devices"), 401, "admin_required");
  const res = await login(app, ADMIN_PASSWORD);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  const flags = setCookieOf(res, "hearth_admin")!;
  assert.match(flags, /^hearth_admin=[\w-]{43};/);
  for (const flag of [/; HttpOnly/, /; SameSite=Strict/, /; Max-Age=28800/, /; Path=\//]) {
    assert.match(flags, flag);
  }
  const { expiresAt } = await res.json();
  assert.ok(Math.abs(Date.parse(expiresAt) - Date.now() - 8 * 3600_000) < 60_000);
  const cookie = cookieFrom(res, "hearth_admin");
  assert.equal((await app.api("/api/admin/devices", { headers: { cookie } })).status, 200);
  // The login page sends a logged-in admin straight on.
  const page = await app.fetch("/admin/login?next=/admin/devices", { headers: { cookie } });
  assert.equal(page.headers.get("location"), "/admin/devices");
  const bad = await expectError(
    await app.api("/api/admin/login", json("POST", {})),
    422,
    "invalid_input",
  );
  assert.equal(bad.error.field, "password");
});

Deno.test("admin guard - wrong passwords are 401, then 429 + Retry-After per client; it lifts, a success resets", async () => {
  await using app = await testApp();
  let now = Date.parse("2026-03-01T10:00:00Z");
  app.services.now = () => now;
  await seedHousehold(app.services.db);
  const body = await expectError(await login(app, "wrong password"), 401, "wrong_password");
  assert.equal(body.error.message, "Wrong password.");
  for (let i = 0; i < 4; i++) {
    await expectError(await login(app, "guess " + i), 401, "wrong_password");
  }
  const locked = await login(app, ADMIN_PASSWORD);
  assert.equal(locked.headers.get("retry-after"), "60");
  await expectError(locked, 429, "too_many_attempts");
  assert.equal(setCookieOf(locked, "hearth_admin"), undefined);
  assert.equal(
    (await login(app, ADMIN_PASSWORD, "10.0.0.9")).status,
    200,
    "other clients are not locked",
  );
  now += 60_000;
  assert.equal((await login(app, ADMIN_PASSWORD)).status, 200);
  for (let i = 0; i < 4; i++) {
    await expectError(await login(app, "again " + i), 401, "wrong_password");
  }
  await expectError(await login(app, "once more"), 401, "wrong_password");
  await expectError(await login(app, ADMIN_PASSWORD), 429, "too_many_attempts");
});

Deno.test("admin guard - logout revokes the login server-side, not just the cookie", async () => {
  await using app = await testApp();
  await seedHousehold(app.services.db);
  const cookie = cookieFrom(await login(app, ADMIN_PASSWORD), "hearth_admin");
  const out = await app.api("/api/admin/logout", json("POST", undefined, { cookie }));
  assert.equal(out.status, 200);
  assert.match(setCookieOf(out, "hearth_admin") ?? "", /Max-Age=0/);
  // A copy of the old cookie is worth nothing now.
  await expectError(
    await app.api("/api/admin/devices", { headers: { cookie } }),
    401,
    "admin_required",
  );
  await expectError(
    await app.api("/api/admin/logout", json("POST", undefined, { cookie })),
    401,
    "admin_required",
  );
});

Deno.test("admin guard - an admin login expires after 8 hours", async () => {
  await using app = await testApp();
  let now = Date.parse("2026-03-01T10:00:00Z");
  app.services.now = () => now;
  await seedHousehold(app.services.db);
  const cookie = cookieFrom(await login(app, ADMIN_PASSWORD), "hearth_admin");
  now += 8 * 3600_000 - 1000;
  assert.equal((await app.api("/api/admin/devices", { headers: { cookie } })).status, 200);
  now += 1000;
  const expired = await app.api("/api/admin/devices", { headers: { cookie } });
  assert.match(
    setCookieOf(expired, "hearth_admin") ?? "",
    /Max-Age=0/,
    "the dead cookie is cleared",
  );
  await expectError(expired, 401, "admin_required");
});

async function hearth(args: string[], home: string, stdin?: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    cwd: ROOT,
    env: { HEARTH_HOME: home, NO_COLOR: "1" },
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("admin guard - hearth reset-password sets a new password and signs out every admin", async () => {
  const home = await Deno.makeTempDir({ prefix: "hearth-reset-" });
  try {
    const missing = await hearth(["reset-password", "--password-file", `${home}/pw`], home);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no Hearth database .* finish the setup first/);

    let db = await openDatabase(`${home}/hearth.db`);
    await seedHousehold(db);
    await createAdminSession(db, new Date());
    await createAdminSession(db, new Date());
    await db.close();

    await Deno.writeTextFile(`${home}/short`, "short\n");
    const short = await hearth(["reset-password", "--password-file", `${home}/short`], home);
    assert.equal(short.code, 1);
    assert.match(short.stderr, /at least 8 characters/);

    await Deno.writeTextFile(`${home}/pw`, "a brand new secret\n");
    const ok = await hearth(["reset-password", "--password-file", `${home}/pw`], home);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /admin password of Ann has been changed/);
    assert.match(ok.stdout, /2 admin logins were signed out/);

    db = await openDatabase(`${home}/hearth.db`);
    const row = await db.kysely.selectFrom("profiles").select("password_hash").where(
      "is_admin",
      "=",
      1,
    )
      .executeTakeFirstOrThrow();
    assert.ok(await verifySecret("a brand new secret", row.password_hash!));
    assert.ok(!await verifySecret(ADMIN_PASSWORD, row.password_hash!));
    const live = db.raw.prepare("SELECT count(*) AS n FROM admin_sessions WHERE revoked_at IS NULL")
      .get();
    assert.equal(live?.n, 0);
    await db.close();

    const piped = await hearth(["reset-password"], home, "piped in secret\n");
    assert.equal(piped.code, 0, piped.stderr);
    assert.match(piped.stdout, /0 admin logins were signed out/);
    const help = await hearth(["help"], home);
    assert.match(help.stdout, /reset-password/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

/**
 * Agent settings over the API: a profile chooses which risks wait for its approval
 * (`/api/agent/settings`) but cannot allow itself the network, commands or more room; the admin
 * does that per profile (`/api/admin/profiles/{id}/agent`).
 */
import assert from "node:assert/strict";
import type { AgentSettings } from "../lib/agent/types.ts";
import { WORKSPACE_LIMITS } from "../lib/workspace/types.ts";
import { adminApp, json } from "./helpers/admin.ts";
import { expectError } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

const DEFAULTS: AgentSettings = {
  approve: { write: false, network: true, exec: true },
  allowNetwork: false,
  allowExec: false,
  quotaBytes: WORKSPACE_LIMITS.quotaBytes,
};

Deno.test("agent settings - a profile reads the defaults and chooses its approvals", async () => {
  await using app = await adminApp();
  const ann = await member(app, "Ann");
  const got = await ann.fetch("/api/agent/settings");
  assert.equal(got.status, 200);
  assert.match(got.headers.get("content-type") ?? "", /application\/json/);
  assert.deepEqual(await got.json(), DEFAULTS);

  const put = await ann.fetch("/api/agent/settings", json("PUT", { approve: { write: true } }));
  assert.equal(put.status, 200);
  const want = { ...DEFAULTS, approve: { write: true, network: true, exec: true } };
  assert.deepEqual(await put.json(), want);
  // Only the risk given changed, and it stays.
  const off = await ann.fetch("/api/agent/settings", json("PUT", { approve: { exec: false } }));
  assert.deepEqual((await off.json()).approve, { write: true, network: true, exec: false });
  assert.deepEqual((await (await ann.fetch("/api/agent/settings")).json()).approve, {
    write: true,
    network: true,
    exec: false,
  });
  // Sending back what it was given (the admin's fields unchanged) is fine.
  const echo = await ann.fetch("/api/agent/settings", json("PUT", { ...want, approve: {} }));
  assert.equal(echo.status, 200, await echo.clone().text());

  await expectError(
    await ann.fetch("/api/agent/settings", json("PUT", { approve: { write: "yes" } })),
    422,
    "invalid_input",
  );
  await expectError(
    await ann.fetch("/api/agent/settings", json("PUT", { approve: { delete: true } })),
    422,
    "invalid_input",
  );
  await expectError(await app.api("/api/agent/settings"), 401, "profile_required");
});

Deno.test("agent settings - a profile cannot allow itself the network, commands or more room: 403", async () => {
  await using app = await adminApp();
  const ann = await member(app, "Ann");
  for (
    const body of [
      { allowExec: true },
      { allowNetwork: true },
      { quotaBytes: WORKSPACE_LIMITS.quotaBytes * 2 },
      { approve: { exec: false }, allowExec: true },
    ]
  ) {
    const res = await ann.fetch("/api/agent/settings", json("PUT", body));
    const err = await expectError(res, 403, "agent_admin_only");
    assert.match(err.error.message, /admin/, JSON.stringify(body));
  }
  // Nothing of a refused request was kept, not even its approvals.
  assert.deepEqual(await (await ann.fetch("/api/agent/settings")).json(), DEFAULTS);
});

Deno.test("agent settings - the admin allows a profile commands and the network, and sets its quota", async () => {
  await using app = await adminApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const url = `/api/admin/profiles/${ann.id}/agent`;
  assert.deepEqual(await (await app.admin(url)).json(), DEFAULTS);

  const put = await app.admin(url, json("PUT", { allowExec: true, quotaBytes: 1_000_000 }));
  assert.equal(put.status, 200, await put.clone().text());
  const allowed = { ...DEFAULTS, allowExec: true, quotaBytes: 1_000_000 };
  assert.deepEqual(await put.json(), allowed);
  // Ann sees it; Bob's are untouched.
  assert.deepEqual(await (await ann.fetch("/api/agent/settings")).json(), allowed);
  assert.deepEqual(await (await bob.fetch("/api/agent/settings")).json(), DEFAULTS);
  assert.deepEqual(await (await app.admin(`/api/admin/profiles/${bob.id}/agent`)).json(), DEFAULTS);

  // Ann's own approvals and the admin's switches do not overwrite each other.
  await ann.fetch("/api/agent/settings", json("PUT", { approve: { network: false } }));
  const more = await app.admin(url, json("PUT", { allowNetwork: true, quotaBytes: null }));
  assert.deepEqual(await more.json(), {
    approve: { write: false, network: false, exec: true },
    allowNetwork: true,
    allowExec: true,
    quotaBytes: WORKSPACE_LIMITS.quotaBytes,
  });
  // Now that exec is allowed, sending it back is not a change.
  const echo = await ann.fetch("/api/agent/settings", json("PUT", { allowExec: true }));
  assert.equal(echo.status, 200, await echo.clone().text());
  await expectError(
    await ann.fetch("/api/agent/settings", json("PUT", { allowExec: false })),
    403,
    "agent_admin_only",
  );
});

Deno.test("agent settings - the admin route: 404 for a missing profile, 422 for bad input, 401 for others", async () => {
  await using app = await adminApp();
  const ann = await member(app, "Ann");
  const url = `/api/admin/profiles/${ann.id}/agent`;
  await expectError(await app.admin("/api/admin/profiles/nobody/agent"), 404, "profile_not_found");
  await expectError(
    await app.admin("/api/admin/profiles/nobody/agent", json("PUT", { allowExec: true })),
    404,
    "profile_not_found",
  );
  for (const body of [{ quotaBytes: -1 }, { quotaBytes: 1.5 }, { approve: { write: true } }]) {
    await expectError(await app.admin(url, json("PUT", body)), 422, "invalid_input");
  }
  // A member is not the admin.
  await expectError(
    await ann.fetch(url, json("PUT", { allowExec: true })),
    401,
    "admin_required",
  );
  assert.deepEqual(await (await app.admin(url)).json(), DEFAULTS);
});

/**
 * Profile test helpers: a household member who picked their profile on this "device" through
 * the real `POST /api/profiles/{id}/select`, so requests carry a real device cookie.
 */
import assert from "node:assert/strict";
import { createMember } from "../../lib/auth/mod.ts";
import type { TestApp } from "./app.ts";

/** Sends API requests as one member (session header + device cookie). */
export interface Member {
  id: string;
  name: string;
  /** The device cookie (`hearth_device=…`), for requests a plain browser link makes. */
  cookie: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** Creates a member profile and picks it; `fetch` then acts as that member. */
export async function member(app: TestApp, name: string): Promise<Member> {
  const profile = await createMember(app.services.db, { name, avatar: "🙂" });
  const res = await app.api(`/api/profiles/${profile.id}/select`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  assert.equal(res.status, 200, await res.clone().text());
  await res.body?.cancel();
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) =>
    c.startsWith("hearth_device=")
  );
  assert.ok(cookie, "selecting a profile sets the device cookie");
  return {
    id: profile.id,
    name,
    cookie,
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set("cookie", cookie);
      return app.api(path, { ...init, headers });
    },
  };
}

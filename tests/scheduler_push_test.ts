/**
 * What the scheduler delivers goes out through Web Push too: Hearth's Real sender posts to the
 * local push service (`helpers/push_endpoint.ts`), which decrypts it as the browser would; a
 * profile that turned a kind off gets it in the app only.
 */
import assert from "node:assert/strict";
import { RealPushSender } from "../lib/push/sender.ts";
import { json } from "./helpers/admin.ts";
import { testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";
import { startPushEndpoint } from "./helpers/push_endpoint.ts";

const MIN = 60_000;

Deno.test("scheduler push - a todo falling due is pushed once, in the app's words; a kind turned off is not", async () => {
  await using app = await testApp();
  await using endpoint = startPushEndpoint();
  app.services.push.sender = new RealPushSender({ httpLoopback: true });
  // Near the real time: the push service checks the VAPID token's expiry against its own clock.
  const clock = { now: Math.floor(Date.now() / MIN) * MIN };
  app.services.now = () => clock.now;
  const ann = await member(app, "Ann");
  const zone = await ann.fetch("/api/me", json("PATCH", { timeZone: "UTC" }));
  assert.equal(zone.status, 200);
  const sub = await ann.fetch("/api/push/subscriptions", json("POST", await endpoint.subscribe()));
  assert.equal(sub.status, 201);
  const scheduler = app.services.scheduler;
  await scheduler.tick();
  const todo = await ann.fetch(
    "/api/todos",
    json("POST", { title: "Call mum", due: new Date(clock.now + MIN).toISOString() }),
  );
  const { id: todoId } = await todo.json();
  clock.now += MIN;
  assert.equal((await scheduler.tick()).fired, 1);
  assert.equal((await scheduler.tick()).fired, 0);
  await scheduler.idle();

  assert.deepEqual(endpoint.refused, []);
  assert.equal(endpoint.received.length, 1);
  const [n] = (await (await ann.fetch("/api/notifications")).json()).items;
  assert.deepEqual(endpoint.received[0].json, {
    kind: "todo",
    title: "Call mum",
    body: n.body,
    url: `/todos#t-${todoId}`,
    tag: `n:${n.id}`,
  });
  assert.match(n.body, /^Due /);
  assert.equal(endpoint.received[0].headers.get("urgency"), "high");
  assert.equal(endpoint.received[0].headers.get("ttl"), "3600");

  // Todos turned off: the next one is in the app only.
  const off = await ann.fetch("/api/push/preferences", json("PUT", { todo: false }));
  assert.equal(off.status, 200);
  await ann.fetch(
    "/api/todos",
    json("POST", { title: "Feed the cat", due: new Date(clock.now + MIN).toISOString() }),
  );
  clock.now += MIN;
  assert.equal((await scheduler.tick()).fired, 1);
  await scheduler.idle();
  assert.equal(endpoint.received.length, 1);
  assert.equal(
    (await (await ann.fetch("/api/notifications")).json()).items[0].title,
    "Feed the cat",
  );
});

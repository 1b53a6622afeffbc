/**
 * Web Push end to end: Hearth's Real sender posts to a local push service
 * (`helpers/push_endpoint.ts`) that checks the VAPID JWT and headers and decrypts the message
 * with the subscription's private key, as a browser's push service and the browser would.
 */
import assert from "node:assert/strict";
import { RealPushSender } from "../lib/push/sender.ts";
import { PUSH_KINDS } from "../lib/push/types.ts";
import { VAPID_FILE } from "../lib/push/vapid.ts";
import { json, parseSse } from "./helpers/admin.ts";
import { type TestApp, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";
import { type PushEndpoint, startPushEndpoint } from "./helpers/push_endpoint.ts";

async function pushApp(): Promise<TestApp> {
  const app = await testApp({ ollama: {} });
  app.services.push.sender = new RealPushSender({ httpLoopback: true });
  return app;
}

async function subscribe(who: Member, endpoint: PushEndpoint) {
  const sub = await endpoint.subscribe();
  const res = await who.fetch("/api/push/subscriptions", json("POST", sub));
  assert.equal(res.status, 201, await res.clone().text());
  return { sub, saved: await res.json() };
}

/** Sends a chat message and reads only the first event, then leaves (the page was closed). */
async function chatAndLeave(app: TestApp, who: Member, content = "Plan a picnic") {
  const { models } = await (await who.fetch("/api/chat/models")).json();
  app.ollama!.server.hold();
  const res = await who.fetch("/api/chat/stream", json("POST", { content, model: models[0].name }));
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  let text = "";
  while (!text.includes("\n\n")) text += new TextDecoder().decode((await reader.read()).value);
  const meta = parseSse(text)[0].data as { conversationId: string; taskId: string };
  await reader.cancel();
  app.ollama!.server.release();
  await app.services.tasks.get(meta.taskId, { kind: "profile", id: who.id }).ended;
  await app.services.push.idle();
  return meta;
}

/** Sends a chat message and reads the reply to its end (the page watched it). */
async function chatAndWatch(app: TestApp, who: Member) {
  const { models } = await (await who.fetch("/api/chat/models")).json();
  const res = await who.fetch(
    "/api/chat/stream",
    json("POST", { content: "Plan a picnic", model: models[0].name }),
  );
  const events = parseSse(await res.text());
  const meta = events[0].data as { conversationId: string; taskId: string };
  assert.ok(events.some((e) => e.event === "done"));
  await app.services.tasks.get(meta.taskId, { kind: "profile", id: who.id }).ended;
  await app.services.push.idle();
  return meta;
}

Deno.test("push - a reply that ends with its page closed sends one push that decrypts to the conversation", async () => {
  await using app = await pushApp();
  await using endpoint = startPushEndpoint();
  const ann = await member(app, "Ann");
  await subscribe(ann, endpoint);
  const { publicKey } = await (await ann.fetch("/api/push/key")).json();

  const meta = await chatAndLeave(app, ann);

  assert.deepEqual(endpoint.refused, []);
  assert.equal(endpoint.received.length, 1);
  const [push] = endpoint.received;
  const conversation = await (await ann.fetch(`/api/conversations/${meta.conversationId}`)).json();
  assert.ok(conversation.title, "the chat was named before the push went");
  assert.deepEqual(push.json, {
    kind: "reply",
    title: conversation.title,
    body: "Your answer is ready.",
    url: `/chat/${meta.conversationId}`,
    tag: `chat:${meta.conversationId}`,
  });
  assert.equal(push.vapidKey, publicKey);
  assert.equal(push.claims.aud, endpoint.url);
  assert.match(push.claims.sub, /^mailto:hearth@.+\.local$/);
  assert.equal(push.headers.get("ttl"), "86400");
  assert.equal(push.headers.get("urgency"), "high");
  // The success is remembered.
  const [listed] = await (await ann.fetch("/api/push/subscriptions")).json();
  assert.ok(listed.lastSuccessAt);
});

Deno.test("push - the notification is written in the language the device subscribed in", async () => {
  await using app = await pushApp();
  await using endpoint = startPushEndpoint();
  const ann = await member(app, "Ann");
  const sub = await endpoint.subscribe();
  const res = await ann.fetch("/api/push/subscriptions", {
    ...json("POST", sub),
    headers: { "content-type": "application/json", "accept-language": "de" },
  });
  assert.equal(res.status, 201);
  await chatAndLeave(app, ann);
  assert.equal((endpoint.received[0].json as { body: string }).body, "Deine Antwort ist fertig.");
});

Deno.test("push - a reply watched to its end by a visible page sends nothing; a hidden one does", async () => {
  await using app = await pushApp();
  await using endpoint = startPushEndpoint();
  const ann = await member(app, "Ann");
  await subscribe(ann, endpoint);

  await chatAndWatch(app, ann);
  assert.equal(endpoint.received.length, 0, "the page read the reply as it came");

  // The same, with the page reported hidden (a phone in a pocket keeps the stream open).
  const hidden = await ann.fetch("/api/push/visibility", json("POST", { hidden: true }));
  assert.equal(hidden.status, 204);
  await chatAndWatch(app, ann);
  assert.equal(endpoint.received.length, 1);

  // Shown again: nothing.
  await ann.fetch("/api/push/visibility", json("POST", { hidden: false }));
  await chatAndWatch(app, ann);
  assert.equal(endpoint.received.length, 1);
});

Deno.test("push - a push service's 404 or 410 removes the subscription; other devices keep theirs", async () => {
  await using app = await pushApp();
  await using endpoint = startPushEndpoint();
  const ann = await member(app, "Ann");
  const gone = await subscribe(ann, endpoint);
  const missing = await subscribe(ann, endpoint);
  const live = await subscribe(ann, endpoint);
  endpoint.answer(gone.sub, 410);
  endpoint.answer(missing.sub, 404);

  const res = await ann.fetch("/api/push/test", { method: "POST" });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { sent: 1, pruned: 2, failed: 0 });
  const left = await (await ann.fetch("/api/push/subscriptions")).json();
  assert.deepEqual(left.map((s: { id: string }) => s.id), [live.saved.id]);
  assert.equal((endpoint.received[0].json as { kind: string }).kind, "test");

  // A push service that fails otherwise keeps the subscription (it may be back tomorrow).
  endpoint.answer(live.sub, 500);
  assert.deepEqual(await (await ann.fetch("/api/push/test", { method: "POST" })).json(), {
    sent: 0,
    pruned: 0,
    failed: 1,
  });
  assert.equal((await (await ann.fetch("/api/push/subscriptions")).json()).length, 1);
});

Deno.test("push - a profile that turned replies off gets no push for them", async () => {
  await using app = await pushApp();
  await using endpoint = startPushEndpoint();
  const ann = await member(app, "Ann");
  await subscribe(ann, endpoint);
  assert.deepEqual(await (await ann.fetch("/api/push/preferences")).json(), { ...PUSH_KINDS });
  const put = await ann.fetch("/api/push/preferences", json("PUT", { reply: false }));
  assert.equal(put.status, 200);
  assert.deepEqual(await put.json(), { ...PUSH_KINDS, reply: false });

  await chatAndLeave(app, ann);
  assert.equal(endpoint.received.length, 0);
  assert.deepEqual(endpoint.refused, []);
});

Deno.test("push - another profile's devices are never used, nor its subscriptions reachable", async () => {
  await using app = await pushApp();
  await using endpoint = startPushEndpoint();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const annSub = await subscribe(ann, endpoint);
  const bobSub = await subscribe(bob, endpoint);

  await chatAndLeave(app, ann);
  assert.deepEqual(endpoint.received.map((r) => r.id), [annSub.sub.endpoint.split("/").at(-1)]);

  // Bob's test reaches only Bob; he cannot see nor remove Ann's subscription.
  await bob.fetch("/api/push/test", { method: "POST" });
  assert.equal(endpoint.received.at(-1)!.id, bobSub.sub.endpoint.split("/").at(-1));
  const bobs = await (await bob.fetch("/api/push/subscriptions")).json();
  assert.deepEqual(bobs.map((s: { id: string }) => s.id), [bobSub.saved.id]);
  const del = await bob.fetch(`/api/push/subscriptions/${annSub.saved.id}`, { method: "DELETE" });
  assert.equal(del.status, 404);
  assert.equal((await del.json()).error.code, "subscription_not_found");
  // Unsubscribing by Ann's endpoint does nothing to hers either.
  await bob.fetch("/api/push/subscriptions", json("DELETE", { endpoint: annSub.sub.endpoint }));
  assert.equal((await (await ann.fetch("/api/push/subscriptions")).json()).length, 1);
});

Deno.test("push - bad subscriptions are refused naming the field", async () => {
  await using app = await pushApp();
  await using endpoint = startPushEndpoint();
  const ann = await member(app, "Ann");
  const good = await endpoint.subscribe();
  const cases: [unknown, string][] = [
    [{ ...good, endpoint: "not a url" }, "endpoint"],
    [{ ...good, endpoint: "http://push.example/x" }, "endpoint"],
    [{ ...good, endpoint: `https://push.example/${"x".repeat(1100)}` }, "endpoint"],
    [{ ...good, keys: { ...good.keys, p256dh: good.keys.p256dh.slice(1) } }, "keys.p256dh"],
    [{ ...good, keys: { ...good.keys, p256dh: "B" + "A".repeat(86) } }, "keys.p256dh"],
    [{ ...good, keys: { ...good.keys, auth: "a+b/" + good.keys.auth.slice(4) } }, "keys.auth"],
    [{ ...good, keys: { p256dh: good.keys.p256dh } }, "keys.auth"],
    [{ ...good, extra: 1 }, "extra"],
  ];
  for (const [body, field] of cases) {
    const res = await ann.fetch("/api/push/subscriptions", json("POST", body));
    assert.equal(res.status, 422, `${field}: ${JSON.stringify(body).slice(0, 80)}`);
    const { error } = await res.json();
    assert.equal(error.field, field, error.message);
  }
  const huge = await ann.fetch("/api/push/subscriptions", json("POST", { x: "y".repeat(5000) }));
  assert.equal(huge.status, 413);
  const bad = await ann.fetch("/api/push/preferences", json("PUT", { reply: "yes" }));
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).error.field, "reply");
  assert.equal((await (await ann.fetch("/api/push/subscriptions")).json()).length, 0);
  // Without a profile, nothing.
  assert.equal((await app.api("/api/push/key")).status, 401);
});

Deno.test("push - the VAPID key pair is made once, kept 0600, and only its public half is sent", async () => {
  await using app = await pushApp();
  const ann = await member(app, "Ann");
  const first = await (await ann.fetch("/api/push/key")).json();
  assert.deepEqual(Object.keys(first), ["publicKey"]);
  assert.equal(first.publicKey.length, 87);
  const path = `${app.services.paths.dataDir}/${VAPID_FILE}`;
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  const stored = JSON.parse(await Deno.readTextFile(path));
  assert.equal(stored.publicKey, first.publicKey);
  assert.ok(stored.privateKey.d, "the private key is kept");
  assert.ok(!JSON.stringify(first).includes(stored.privateKey.d));
  assert.deepEqual(await (await ann.fetch("/api/push/key")).json(), first);
});

Deno.test("push - a push service's redirect is not followed: the push failed, the subscription stays", async () => {
  await using app = await pushApp();
  await using endpoint = startPushEndpoint();
  await using elsewhere = startPushEndpoint();
  const ann = await member(app, "Ann");
  const { sub } = await subscribe(ann, endpoint);
  endpoint.answer(sub, 307);
  const res = await ann.fetch("/api/push/test", { method: "POST" });
  assert.deepEqual(await res.json(), { sent: 0, pruned: 0, failed: 1 });
  assert.deepEqual(elsewhere.received, []);
  assert.equal((await (await ann.fetch("/api/push/subscriptions")).json()).length, 1);
});

/**
 * The daily briefing end to end on the Fake Ollama: written at the profile's chosen time from
 * the day's data, at background priority, answered by `GET /api/today`, once; tried again while
 * the model is unreachable without holding up reminders; never for a past day.
 */
import assert from "node:assert/strict";
import type { CallOptions, ChatProvider, ChatRequest } from "../lib/ai/types.ts";
import { json } from "./helpers/admin.ts";
import { type TestApp, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

const MIN = 60_000;
const BRIEFING = "Good morning, Ann! Dentist at 10:00.";

/** An app on the Fake Ollama, its clock at `clock.now`, the model's calls recorded. */
async function briefingApp(clock: { now: number }) {
  const app = await testApp({
    ollama: {
      tokensPerSecond: undefined,
      reply: (body) =>
        JSON.stringify(body.messages).includes("daily briefing") ? BRIEFING : "Something else.",
    },
  });
  app.services.now = () => clock.now;
  const model = app.ollama!.server.installed()[0];
  await app.services.config.update({ models: { chat: model } });
  const calls: { request: ChatRequest; options?: CallOptions }[] = [];
  const real = app.services.ai;
  const spy: ChatProvider = {
    kind: real.kind,
    chat: (request, options) => {
      calls.push({ request, options });
      return real.chat(request, options);
    },
    embed: (m, inputs, options) => real.embed(m, inputs, options),
    models: () => real.models(),
    describe: (m, options) => real.describe(m, options),
    health: () => real.health(),
  };
  app.services.ai = spy;
  return { app, calls };
}

async function ann(app: TestApp, time: string | null): Promise<Member> {
  const ann = await member(app, "Ann");
  const zone = await ann.fetch("/api/me", json("PATCH", { timeZone: "Europe/Berlin" }));
  assert.equal(zone.status, 200, await zone.text());
  const set = await ann.fetch("/api/notifications/briefing", json("PUT", { time }));
  assert.equal(set.status, 200, await set.clone().text());
  assert.deepEqual(await set.json(), { time });
  return ann;
}

const todayOf = async (m: Member) => await (await m.fetch("/api/today")).json();

Deno.test("briefing - written by the model at the chosen time at background priority, answered by /api/today, once a day", async () => {
  // 06:00 in Berlin (CET).
  const clock = { now: Date.parse("2026-03-10T05:00:00Z") };
  const { app, calls } = await briefingApp(clock);
  try {
    const a = await ann(app, "07:30");
    const event = await a.fetch(
      "/api/events",
      json("POST", {
        title: "Dentist",
        start: "2026-03-10T09:00:00Z",
        end: "2026-03-10T10:00:00Z",
        timeZone: "Europe/Berlin",
      }),
    );
    assert.equal(event.status, 201);
    const scheduler = app.services.scheduler;
    assert.equal((await scheduler.tick()).briefings, 0);
    assert.equal((await todayOf(a)).briefing, null);
    // A minute before 07:30 Berlin the tick sleeps until it.
    clock.now = Date.parse("2026-03-10T06:29:00Z");
    assert.deepEqual(await scheduler.tick(), { fired: 0, briefings: 0, wakeInMs: MIN });
    clock.now = Date.parse("2026-03-10T06:30:00Z");
    assert.equal((await scheduler.tick()).briefings, 1);
    await scheduler.idle();

    const briefing = calls.find((c) => c.options?.label === "briefing");
    assert.ok(briefing, "the model was asked");
    assert.equal(briefing.options?.priority, "background");
    assert.equal(briefing.options?.owner, a.id);
    assert.match(JSON.stringify(briefing.request.messages), /Dentist/, "from the day's data");
    const day = await todayOf(a);
    assert.equal(day.briefing.text, BRIEFING);
    assert.equal(day.briefing.date, "2026-03-10");
    const list = await (await a.fetch("/api/notifications")).json();
    assert.equal(list.unread, 1);
    assert.equal(list.items[0].kind, "briefing");
    assert.equal(list.items[0].title, "Your briefing for Tue, Mar 10");
    assert.equal(list.items[0].body, BRIEFING);

    // Once a day: not again later today.
    clock.now += 5 * MIN;
    assert.equal((await scheduler.tick()).briefings, 0);
    assert.equal(calls.filter((c) => c.options?.label === "briefing").length, 1);
  } finally {
    await app.close();
  }
});

Deno.test("briefing - an unreachable model is tried again later, and reminders go out meanwhile", async () => {
  const clock = { now: Date.parse("2026-03-10T05:00:00Z") };
  const { app } = await briefingApp(clock);
  try {
    const a = await ann(app, "07:30");
    const todo = await a.fetch(
      "/api/todos",
      json("POST", { title: "Call mum", due: "2026-03-10T06:30:00Z" }),
    );
    assert.equal(todo.status, 201);
    const scheduler = app.services.scheduler;
    await scheduler.tick();
    await app.ollama!.server.stop();
    clock.now = Date.parse("2026-03-10T06:30:00Z");
    assert.deepEqual(await scheduler.tick(), { fired: 1, briefings: 1, wakeInMs: MIN });
    await scheduler.idle();
    assert.equal((await todayOf(a)).briefing, null);
    assert.ok(
      app.services.log.entries().some((e) => /briefing could not be written/.test(e.msg)),
    );
    const list = await (await a.fetch("/api/notifications")).json();
    assert.deepEqual(list.items.map((n: { title: string }) => n.title), ["Call mum"]);

    // Not before its pause (two minutes, then doubling).
    clock.now += MIN;
    const early = await scheduler.tick();
    assert.equal(early.briefings, 0);
    assert.equal(early.wakeInMs, MIN);
    await app.ollama!.server.start();
    clock.now += MIN;
    assert.equal((await scheduler.tick()).briefings, 1);
    await scheduler.idle();
    assert.equal((await todayOf(a)).briefing.text, BRIEFING);
  } finally {
    await app.close();
  }
});

Deno.test("briefing - none for a day the box was off, none today when the time was set after it passed", async () => {
  const clock = { now: Date.parse("2026-03-10T05:00:00Z") };
  const { app, calls } = await briefingApp(clock);
  try {
    const a = await ann(app, "07:30");
    const scheduler = app.services.scheduler;
    await scheduler.tick();
    // Off from 06:00 on the 10th to 06:00 on the 11th: the 10th's briefing is never written.
    clock.now = Date.parse("2026-03-11T05:00:00Z");
    assert.equal((await scheduler.tick()).briefings, 0);
    // The 11th's is, at its time.
    clock.now = Date.parse("2026-03-11T06:30:00Z");
    assert.equal((await scheduler.tick()).briefings, 1);
    await scheduler.idle();
    assert.equal((await todayOf(a)).briefing.date, "2026-03-11");

    // Bob chooses 07:30 at 09:00: his first briefing is tomorrow's.
    clock.now = Date.parse("2026-03-11T08:00:00Z");
    const bob = await member(app, "Bob");
    await bob.fetch("/api/me", json("PATCH", { timeZone: "Europe/Berlin" }));
    // Set from a German page: written in German.
    await bob.fetch("/api/notifications/briefing", {
      ...json("PUT", { time: "07:30" }),
      headers: { "content-type": "application/json", "accept-language": "de" },
    });
    assert.equal((await scheduler.tick()).briefings, 0);
    assert.equal(calls.filter((c) => c.options?.owner === bob.id).length, 0);
    clock.now = Date.parse("2026-03-12T06:30:00Z");
    assert.equal((await scheduler.tick()).briefings, 2, "Ann's and Bob's");
    await scheduler.idle();
    const bobs = calls.find((c) => c.options?.owner === bob.id)!;
    assert.match(JSON.stringify(bobs.request.messages), /daily briefing in German/);
    const annsToday = calls.filter((c) => c.options?.owner === a.id).at(-1)!;
    assert.match(JSON.stringify(annsToday.request.messages), /daily briefing in English/);
  } finally {
    await app.close();
  }
});

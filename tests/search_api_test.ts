/**
 * Search over todos, events, memos and list items (issue 14): each kind is found after it is
 * made, found by its new words after an edit, gone after a delete or a cascade; nobody else finds
 * a profile's own things, the household finds a shared list's items until it is unshared.
 */
import assert from "node:assert/strict";
import { json } from "./helpers/admin.ts";
import { expectError, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

interface Hit {
  kind: string;
  id: string;
  snippet: string;
  href: string;
}

async function find(who: Member, q: string, kind?: string): Promise<string[]> {
  const res = await who.fetch(
    `/api/search?q=${encodeURIComponent(q)}${kind ? `&kind=${kind}` : ""}`,
  );
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()).hits as Hit[]).map((h) => `${h.kind}:${h.id}`);
}

async function hit(who: Member, q: string): Promise<Hit> {
  const { hits } = await (await who.fetch(`/api/search?q=${encodeURIComponent(q)}`)).json();
  assert.equal(hits.length, 1, JSON.stringify(hits));
  return hits[0];
}

async function made(res: Promise<Response>) {
  const r = await res;
  assert.equal(r.status, 201, await r.clone().text());
  return await r.json();
}

async function ok(res: Promise<Response>) {
  const r = await res;
  assert.ok(r.status < 300, `${r.status} ${await r.clone().text()}`);
}

Deno.test("search api - todos: found, re-indexed on edit, gone on delete and with the parent", async () => {
  await using app = await testApp();
  const [ann, bob] = [await member(app, "Ann"), await member(app, "Bob")];
  const todo = await made(ann.fetch(
    "/api/todos",
    json("POST", { title: "Descale the kettle", notes: "use vinegar", tags: ["kitchen"] }),
  ));
  const sub = await made(ann.fetch(
    "/api/todos",
    json("POST", { title: "Buy citric acid", parentId: todo.id }),
  ));
  assert.deepEqual(await find(ann, "kettle"), [`todo:${todo.id}`]);
  assert.deepEqual(await find(ann, "vinegar"), [`todo:${todo.id}`], "notes");
  assert.deepEqual(await find(ann, "kitchen"), [`todo:${todo.id}`], "tags");
  const found = await hit(ann, "kettle");
  assert.equal(found.href, `/todos#t-${todo.id}`);
  assert.match(found.snippet, /<mark>kettle<\/mark>/);
  assert.deepEqual(await find(bob, "kettle"), [], "another profile never finds it");

  await ok(ann.fetch(`/api/todos/${todo.id}`, json("PATCH", { title: "Descale the boiler" })));
  assert.deepEqual(await find(ann, "kettle"), []);
  assert.deepEqual(await find(ann, "boiler"), [`todo:${todo.id}`]);

  assert.deepEqual(await find(ann, "citric"), [`todo:${sub.id}`]);
  await ok(ann.fetch(`/api/todos/${todo.id}`, { method: "DELETE" }));
  assert.deepEqual(await find(ann, "boiler"), []);
  assert.deepEqual(await find(ann, "citric"), [], "the sub-task went with its parent");
});

Deno.test("search api - events and memos: found, re-indexed on edit, gone on delete", async () => {
  await using app = await testApp();
  const [ann, bob] = [await member(app, "Ann"), await member(app, "Bob")];
  const event = await made(ann.fetch(
    "/api/events",
    json("POST", {
      title: "Dentist",
      location: "Marktplatz 3",
      notes: "bring the insurance card",
      start: "2026-03-16T09:00:00+01:00",
      end: "2026-03-16T10:00:00+01:00",
      timeZone: "Europe/Berlin",
    }),
  ));
  const memo = await made(ann.fetch(
    "/api/memos",
    json("POST", { title: "Wifi", body: "The password is on the router", tags: ["house"] }),
  ));
  assert.deepEqual(await find(ann, "marktplatz"), [`event:${event.id}`], "location");
  assert.deepEqual(await find(ann, "insurance"), [`event:${event.id}`], "notes");
  assert.equal((await hit(ann, "dentist")).href, `/calendar?event=${event.id}`);
  assert.deepEqual(await find(ann, "router"), [`memo:${memo.id}`]);
  assert.deepEqual(await find(ann, "house"), [`memo:${memo.id}`], "tags");
  assert.equal((await hit(ann, "wifi")).href, `/memos?m=${memo.id}#m-${memo.id}`);
  for (const q of ["dentist", "marktplatz", "router", "house"]) {
    assert.deepEqual(await find(bob, q), [], `Bob finds nothing of Ann's for ${q}`);
  }

  await ok(ann.fetch(`/api/events/${event.id}`, json("PATCH", { location: "Bahnhofstraße" })));
  await ok(ann.fetch(`/api/memos/${memo.id}`, json("PATCH", { body: "Ask the landlord" })));
  assert.deepEqual(await find(ann, "marktplatz"), []);
  assert.deepEqual(await find(ann, "bahnhofstraße"), [`event:${event.id}`]);
  assert.deepEqual(await find(ann, "router"), []);
  assert.deepEqual(await find(ann, "landlord"), [`memo:${memo.id}`]);

  await ok(ann.fetch(`/api/events/${event.id}`, { method: "DELETE" }));
  await ok(ann.fetch(`/api/memos/${memo.id}`, { method: "DELETE" }));
  assert.deepEqual(await find(ann, "dentist"), []);
  assert.deepEqual(await find(ann, "wifi"), []);
});

Deno.test("search api - list items: the household finds a shared list's, until it is unshared", async () => {
  await using app = await testApp();
  const [ann, bob] = [await member(app, "Ann"), await member(app, "Bob")];
  const mine = await made(ann.fetch("/api/lists", json("POST", { name: "Gifts", kind: "other" })));
  const ours = await made(ann.fetch(
    "/api/lists",
    json("POST", { name: "Groceries", kind: "shopping", shared: true }),
  ));
  const [scarf] = (await made(ann.fetch(
    `/api/lists/${mine.id}/items`,
    json("POST", { text: "Scarf for Bob" }),
  ))).items;
  const [milk] = (await made(ann.fetch(
    `/api/lists/${ours.id}/items`,
    json("POST", { text: "Oat milk" }),
  ))).items;
  assert.deepEqual(await find(ann, "scarf"), [`list_item:${scarf.id}`]);
  assert.deepEqual(await find(bob, "scarf"), [], "a private list's item is its owner's alone");
  assert.deepEqual(await find(bob, "oat"), [`list_item:${milk.id}`], "a shared one's: everyone's");
  assert.equal((await hit(bob, "oat")).href, `/lists/${ours.id}#i-${milk.id}`);

  // Bob may edit a shared list's items: the index follows.
  await ok(
    bob.fetch(`/api/lists/${ours.id}/items/${milk.id}`, json("PATCH", { text: "Soy milk" })),
  );
  assert.deepEqual(await find(ann, "oat"), []);
  assert.deepEqual(await find(ann, "soy"), [`list_item:${milk.id}`]);

  await ok(ann.fetch(`/api/lists/${ours.id}`, json("PATCH", { shared: false })));
  assert.deepEqual(await find(bob, "soy"), [], "unshared: Bob no longer finds it");
  assert.deepEqual(await find(ann, "soy"), [`list_item:${milk.id}`]);
  await ok(ann.fetch(`/api/lists/${ours.id}`, json("PATCH", { shared: true })));
  assert.deepEqual(await find(bob, "soy"), [`list_item:${milk.id}`]);

  await ok(ann.fetch(`/api/lists/${ours.id}/items/${milk.id}`, { method: "DELETE" }));
  assert.deepEqual(await find(ann, "soy"), []);
  await ok(ann.fetch(`/api/lists/${mine.id}`, { method: "DELETE" }));
  assert.deepEqual(await find(ann, "scarf"), [], "gone with its list");
});

Deno.test("search api - kind keeps one kind; an unknown kind is a 422", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const todo = await made(ann.fetch("/api/todos", json("POST", { title: "Paint the fence" })));
  const memo = await made(ann.fetch(
    "/api/memos",
    json("POST", { title: "Fence colours", body: "green" }),
  ));
  assert.deepEqual(
    (await find(ann, "fence")).sort(),
    [`memo:${memo.id}`, `todo:${todo.id}`].sort(),
  );
  assert.deepEqual(await find(ann, "fence", "todo"), [`todo:${todo.id}`]);
  assert.deepEqual(await find(ann, "fence", "memo"), [`memo:${memo.id}`]);
  assert.deepEqual(await find(ann, "fence", "message"), []);
  await expectError(await ann.fetch("/api/search?q=fence&kind=note"), 422, "invalid_input");
});

Deno.test("search page - each hit says its kind, list items are named after their list", async () => {
  await using app = await testApp();
  const [ann, bob] = [await member(app, "Ann"), await member(app, "Bob")];
  const list = await made(ann.fetch(
    "/api/lists",
    json("POST", { name: "Groceries", kind: "shopping", shared: true }),
  ));
  await made(ann.fetch(`/api/lists/${list.id}/items`, json("POST", { text: "Oat milk" })));
  await made(bob.fetch("/api/todos", json("POST", { title: "Return the oat flakes" })));
  const page = async (query: string, lang = "en") => {
    const res = await bob.fetch(`/search?${query}`, { headers: { "accept-language": lang } });
    assert.equal(res.status, 200);
    return await res.text();
  };
  const html = await page("q=oat");
  assert.match(
    html,
    /search-hit-kind">List item<\/span> <a href="\/lists\/[^"]+" [^>]+>Groceries<\/a>/,
  );
  assert.match(
    html,
    /search-hit-kind">Todo<\/span> <a href="\/todos#t-[^"]+" [^>]+>Return the oat flakes<\/a><p class="search-snippet">Return the <mark>oat<\/mark> flakes/,
  );
  const todosOnly = await page("q=oat&kind=todo");
  assert.doesNotMatch(todosOnly, /Groceries/);
  assert.match(todosOnly, /<option value="todo" selected/);
  assert.match(await page("q=oat", "de"), /search-hit-kind">Listeneintrag</);
});

/** The todos API: CRUD, completion and recurrence, filters, sort, pages, validation, owners. */
import assert from "node:assert/strict";
import type { Todo, TodoPage } from "../lib/todos/types.ts";
import { json } from "./helpers/admin.ts";
import { expectError, type TestApp, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

const NOW = Date.parse("2026-03-10T12:00:00Z");

async function todosApp(): Promise<TestApp> {
  const app = await testApp();
  app.services.now = () => NOW;
  return app;
}

async function post(who: Member, body: unknown): Promise<Todo> {
  const res = await who.fetch("/api/todos", json("POST", body));
  assert.equal(res.status, 201, await res.clone().text());
  return await res.json();
}

async function list(who: Member, query: string): Promise<TodoPage> {
  const res = await who.fetch(`/api/todos?${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return await res.json();
}

const titles = (page: TodoPage) => page.todos.map((t) => t.title);

Deno.test("todos api - create, read, change, complete, reopen and delete a todo", async () => {
  await using app = await todosApp();
  const ann = await member(app, "Ann");
  const todo = await post(ann, {
    title: "  Buy milk ",
    notes: "**two** litres",
    priority: "high",
    due: "2026-03-11T09:00",
    timeZone: "Europe/Berlin",
    tags: ["#Shop"],
  });
  assert.deepEqual({ ...todo, id: "", createdAt: "", updatedAt: "" }, {
    id: "",
    parentId: null,
    title: "Buy milk",
    notes: "**two** litres",
    status: "open",
    priority: "high",
    due: "2026-03-11T08:00:00.000Z",
    dueAllDay: false,
    timeZone: "Europe/Berlin",
    tags: ["shop"],
    recurrence: null,
    createdAt: "",
    updatedAt: "",
    completedAt: null,
  });
  assert.equal(todo.createdAt, "2026-03-10T12:00:00.000Z");
  assert.deepEqual(await (await ann.fetch(`/api/todos/${todo.id}`)).json(), todo);

  const patched = await ann.fetch(`/api/todos/${todo.id}`, json("PATCH", { due: "2026-03-12" }));
  assert.equal(patched.status, 200);
  const changed: Todo = await patched.json();
  assert.equal(changed.due, "2026-03-11T23:00:00.000Z", "midnight in Berlin");
  assert.equal(changed.dueAllDay, true);

  const done = await ann.fetch(`/api/todos/${todo.id}/complete`, { method: "POST" });
  const completed = await done.json();
  assert.equal(completed.todo.status, "done");
  assert.equal(completed.todo.completedAt, "2026-03-10T12:00:00.000Z");
  assert.equal(completed.next, null);
  const reopened = await (await ann.fetch(`/api/todos/${todo.id}/reopen`, { method: "POST" }))
    .json();
  assert.equal(reopened.completedAt, null);

  const gone = await ann.fetch(`/api/todos/${todo.id}`, { method: "DELETE" });
  assert.equal(gone.status, 204);
  await expectError(await ann.fetch(`/api/todos/${todo.id}`), 404, "todo_not_found");
});

Deno.test("todos api - completing a recurring todo answers the next occurrence", async () => {
  await using app = await todosApp();
  const ann = await member(app, "Ann");
  const todo = await post(ann, {
    title: "Pay rent",
    due: "2026-01-31T10:00:00Z",
    recurrence: "RRULE:freq=monthly;count=2",
  });
  assert.equal(todo.recurrence, "FREQ=MONTHLY;COUNT=2");
  const res = await ann.fetch(`/api/todos/${todo.id}/complete`, { method: "POST" });
  const { next } = await res.json();
  assert.equal(next.due, "2026-03-31T10:00:00.000Z", "February has no 31st");
  assert.equal(next.recurrence, "FREQ=MONTHLY;COUNT=2");
  const last = await (await ann.fetch(`/api/todos/${next.id}/complete`, { method: "POST" }))
    .json();
  assert.equal(last.next, null);
});

Deno.test("todos api - filters, sorts and pages", async () => {
  await using app = await todosApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const late = await post(ann, {
    title: "Call the bank",
    due: "2026-03-09T09:00:00Z",
    tags: ["calls"],
  });
  await post(ann, {
    title: "apples",
    due: "2026-03-20T09:00:00Z",
    priority: "low",
    tags: ["shop"],
  });
  const today = await post(ann, {
    title: "Bread",
    due: "2026-03-10",
    priority: "high",
    tags: ["shop"],
  });
  const parent = await post(ann, { title: "Dinner party", priority: "medium" });
  await post(ann, { title: "Call guests", parentId: parent.id, tags: ["calls"] });
  const done = await post(ann, { title: "Done thing", status: "done" });
  await post(bob, { title: "Bob's bread", tags: ["shop"] });

  // Default: by due, earliest first, no due last; ties in creation order.
  assert.deepEqual(titles(await list(ann, "")), [
    "Call the bank",
    "Bread",
    "apples",
    "Dinner party",
    "Call guests",
    "Done thing",
  ]);
  assert.deepEqual(titles(await list(ann, "sort=due&dir=desc")).slice(0, 3), [
    "apples",
    "Bread",
    "Call the bank",
  ]);
  assert.deepEqual(titles(await list(ann, "sort=priority")).slice(0, 3), [
    "Bread",
    "Dinner party",
    "apples",
  ]);
  assert.deepEqual(titles(await list(ann, "sort=title&status=open")), [
    "apples",
    "Bread",
    "Call guests",
    "Call the bank",
    "Dinner party",
  ]);
  assert.equal(titles(await list(ann, "sort=created"))[0], "Done thing");
  assert.deepEqual(titles(await list(ann, "status=done")), ["Done thing"]);
  assert.deepEqual(titles(await list(ann, "tag=%23Shop")), ["Bread", "apples"]);
  assert.deepEqual(titles(await list(ann, "q=CALL")), ["Call the bank", "Call guests"]);
  assert.deepEqual(titles(await list(ann, `parent=${parent.id}`)), ["Call guests"]);
  assert.equal((await list(ann, "parent=none")).total, 5);
  assert.deepEqual(
    titles(await list(ann, "dueAfter=2026-03-09T10:00:00Z&dueBefore=2026-03-20T09:00:00Z")),
    ["Bread"],
  );
  // Overdue: open and past its due; an all-day due only once its day has ended.
  assert.deepEqual(titles(await list(ann, "overdue=true")), ["Call the bank"]);
  app.services.now = () => Date.parse("2026-03-11T00:00:00Z");
  assert.deepEqual(titles(await list(ann, "overdue=true")), ["Call the bank", "Bread"]);
  assert.ok(!titles(await list(ann, "overdue=false")).includes("Bread"));
  assert.ok(titles(await list(ann, "overdue=false")).includes(done.title));

  // Pages by offset: total counts every match, nextOffset is null on the last page.
  const first = await list(ann, "limit=4");
  assert.deepEqual([first.todos.length, first.total, first.nextOffset], [4, 6, 4]);
  const second = await list(ann, "limit=4&offset=4");
  assert.deepEqual([second.todos.length, second.total, second.nextOffset], [2, 6, null]);
  assert.deepEqual([...titles(first), ...titles(second)], titles(await list(ann, "")));
  assert.deepEqual(titles(await list(bob, "")), ["Bob's bread"]);
  assert.ok(late && today);
});

Deno.test("todos api - bad input is a 422 naming the field, in English and German", async () => {
  await using app = await todosApp();
  const ann = await member(app, "Ann");
  const cases: [string, string, unknown, string, string, string][] = [
    ["POST", "/api/todos", { title: "" }, "title", "The title is empty.", "Der Titel ist leer."],
    [
      "POST",
      "/api/todos",
      { title: "x", due: "2026-02-30" },
      "due",
      "The due date is not a real date or time.",
      "Das Fälligkeitsdatum ist kein echtes Datum und keine echte Uhrzeit.",
    ],
    [
      "POST",
      "/api/todos",
      { title: "x", due: "2026-03-01T24:00" },
      "due",
      "The due date is not a real date or time.",
      "Das Fälligkeitsdatum ist kein echtes Datum und keine echte Uhrzeit.",
    ],
    [
      "POST",
      "/api/todos",
      { title: "x", timeZone: "Mars/Olympus_Mons" },
      "timeZone",
      "The time zone is not a known time zone (such as Europe/Berlin).",
      "Die Zeitzone ist keine bekannte Zeitzone (etwa Europe/Berlin).",
    ],
    [
      "POST",
      "/api/todos",
      { title: "x", due: "2026-03-01", recurrence: "FREQ=HOURLY" },
      "recurrence",
      "The repetition must repeat daily, weekly, monthly or yearly.",
      "Die Wiederholung muss sich täglich, wöchentlich, monatlich oder jährlich wiederholen.",
    ],
    [
      "POST",
      "/api/todos",
      { title: "x", due: "2026-03-01", recurrence: "FREQ=DAILY;INTERVAL=1001" },
      "recurrence",
      "The repetition must repeat at an interval of 1 to 1000.",
      "Die Wiederholung muss sich in einem Abstand von 1 bis 1000 wiederholen.",
    ],
    [
      "POST",
      "/api/todos",
      { title: "x", due: "2026-03-01", recurrence: "FREQ=DAILY;BYHOUR=1,2,3" },
      "recurrence",
      "The repetition is not a repetition rule (RFC 5545 RRULE) Hearth accepts.",
      "Die Wiederholung ist keine Wiederholungsregel (RFC 5545 RRULE), die Hearth annimmt.",
    ],
    [
      "POST",
      "/api/todos",
      { title: "x", tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      "tags",
      "The tag list has too many entries: at most 20.",
      "Die Schlagwortliste hat zu viele Einträge: höchstens 20.",
    ],
    [
      "POST",
      "/api/todos",
      { title: "x", tags: ["two words"] },
      "tags.0",
      "The tag list: each tag is one word of 1 to 40 characters, without spaces.",
      "Die Schlagwortliste: Jedes Schlagwort ist ein Wort aus 1 bis 40 Zeichen, ohne Leerzeichen.",
    ],
    [
      "POST",
      "/api/todos",
      { title: "x", tags: ["#" + "t".repeat(41)] },
      "tags.0",
      "The tag list: each tag is one word of 1 to 40 characters, without spaces.",
      "Die Schlagwortliste: Jedes Schlagwort ist ein Wort aus 1 bis 40 Zeichen, ohne Leerzeichen.",
    ],
    [
      "PATCH",
      "/api/todos/{id}",
      {},
      "",
      "Send at least one field to change.",
      "Sende mindestens ein Feld, das sich ändern soll.",
    ],
    [
      "POST",
      "/api/todos",
      { title: "x", notes: "n".repeat(20_001) },
      "notes",
      "The note text is too long: at most 20,000 characters.",
      "Der Notiztext ist zu lang: höchstens 20.000 Zeichen.",
    ],
    [
      "POST",
      "/api/todos",
      { title: "x", priority: "urgent" },
      "priority",
      "The priority must be one of: none, low, medium, high.",
      "Die Priorität muss eines davon sein: none, low, medium, high.",
    ],
    [
      "POST",
      "/api/todos",
      { title: "x", completedAt: "2026-03-01T00:00:00Z" },
      "completedAt",
      "The field “completedAt” is not something this request accepts.",
      "Das Feld „completedAt“ nimmt diese Anfrage nicht an.",
    ],
    [
      "GET",
      "/api/todos?limit=201",
      undefined,
      "query.limit",
      "The page size must be at most 200.",
      "Die Seitengröße darf höchstens 200 sein.",
    ],
    [
      "GET",
      "/api/todos?dueBefore=2026-03-01T10:00",
      undefined,
      "query.dueBefore",
      "The latest due date needs a date and time with a time zone offset.",
      "Das späteste Fälligkeitsdatum braucht Datum und Uhrzeit mit Zeitzonen-Versatz.",
    ],
  ];
  const todo = await post(ann, { title: "To change" });
  for (const [method, pathOf, body, field, en, de] of cases) {
    const path = pathOf.replace("{id}", todo.id);
    for (const [language, message] of [["en", en], ["de", de]]) {
      const init = body === undefined ? { method } : json(method, body);
      const res = await ann.fetch(path, {
        ...init,
        headers: { ...init.headers, "accept-language": language },
      });
      const error = (await expectError(res, 422, "invalid_input")).error;
      assert.deepEqual([error.field, error.message], [field, message], `${path} ${field}`);
    }
  }
  // A recurring todo needs a due; the store's own checks are translated too.
  const res = await ann.fetch("/api/todos", {
    ...json("POST", { title: "x", recurrence: "FREQ=DAILY" }),
    headers: { "content-type": "application/json", "accept-language": "de" },
  });
  const needs = (await expectError(res, 422, "recurrence_needs_due")).error;
  assert.deepEqual([needs.field, needs.message], [
    "recurrence",
    "Eine wiederkehrende Aufgabe braucht ein Fälligkeitsdatum.",
  ]);
  // The body is capped while it is read.
  const huge = await ann.fetch(
    "/api/todos",
    json("POST", { title: "x", notes: "n".repeat(200_000) }),
  );
  await expectError(huge, 413, "body_too_large");
});

Deno.test("todos api - another profile's todo answers 404 on every route", async () => {
  await using app = await todosApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const todo = await post(ann, { title: "Ann's" });
  for (
    const [method, path, body] of [
      ["GET", `/api/todos/${todo.id}`],
      ["PATCH", `/api/todos/${todo.id}`, { title: "Bob's now" }],
      ["DELETE", `/api/todos/${todo.id}`],
      ["POST", `/api/todos/${todo.id}/complete`],
      ["POST", `/api/todos/${todo.id}/reopen`],
    ] as const
  ) {
    const init = body ? json(method, body) : { method };
    await expectError(await bob.fetch(path, init), 404, "todo_not_found");
  }
  await expectError(
    await bob.fetch("/api/todos", json("POST", { title: "Sub", parentId: todo.id })),
    404,
    "parent_not_found",
  );
  assert.deepEqual(await (await ann.fetch(`/api/todos/${todo.id}`)).json(), todo);
});

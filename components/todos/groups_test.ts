import assert from "node:assert/strict";
import type { Todo } from "../../lib/todos/types.ts";
import { formatDue, groupOf, groupTodos } from "./groups.ts";

const BERLIN = "Europe/Berlin";
// 23:30 on 9 March in Berlin (UTC+1).
const NOW = Date.parse("2026-03-09T22:30:00Z");

function todo(over: Partial<Todo>): Todo {
  return {
    id: over.title ?? "t",
    parentId: null,
    title: "t",
    notes: "",
    status: "open",
    priority: "none",
    due: null,
    dueAllDay: false,
    timeZone: BERLIN,
    tags: [],
    recurrence: null,
    createdAt: "2026-03-01T00:00:00.000Z",
    updatedAt: "2026-03-01T00:00:00.000Z",
    completedAt: null,
    ...over,
  };
}

Deno.test("todo groups - days in the reader's zone; an all-day todo is overdue once its day ends", () => {
  // 23:45 in Berlin on the 9th: still today.
  assert.equal(groupOf(todo({ due: "2026-03-09T22:45:00Z" }), NOW, BERLIN), "today");
  // 00:15 Berlin on the 10th is tomorrow in Berlin, though still the 9th in UTC.
  assert.equal(groupOf(todo({ due: "2026-03-09T23:15:00Z" }), NOW, BERLIN), "upcoming");
  assert.equal(groupOf(todo({ due: "2026-03-09T23:15:00Z" }), NOW, "UTC"), "today");
  assert.equal(groupOf(todo({ due: "2026-03-09T22:29:00Z" }), NOW, BERLIN), "overdue");
  // All day on the 9th (Berlin's midnight): not overdue until the day is over.
  const allDay = todo({ due: "2026-03-08T23:00:00Z", dueAllDay: true });
  assert.equal(groupOf(allDay, NOW, BERLIN), "today");
  assert.equal(groupOf(allDay, NOW + 3_600_000, BERLIN), "overdue");
  assert.equal(groupOf(todo({}), NOW, BERLIN), "none");
  assert.equal(formatDue(allDay, "en", "UTC"), "Mon, Mar 9");
});

Deno.test("todo groups - sub-tasks sit under their parent; an orphan stands alone", () => {
  const groups = groupTodos(
    [
      todo({ title: "b", due: "2026-03-12T10:00:00Z" }),
      todo({ title: "child", parentId: "b" }),
      todo({ title: "orphan", parentId: "gone" }),
      todo({ title: "a", due: "2026-03-11T10:00:00Z" }),
    ],
    NOW,
    BERLIN,
  );
  assert.deepEqual(
    groups.upcoming.map((t) => [t.todo.title, t.children.map((c) => c.title)]),
    [["a", []], ["b", ["child"]]],
  );
  assert.deepEqual(groups.none.map((t) => t.todo.title), ["orphan"]);
});

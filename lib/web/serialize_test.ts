import assert from "node:assert/strict";
import { computed, type Signal, signal } from "@preact/signals";
import { h } from "preact";
import { deserialize, jsonForScript, serialize } from "./serialize.ts";

function roundTrip(value: unknown): unknown {
  return deserialize(JSON.parse(JSON.stringify(serialize(value))));
}

Deno.test("island props - plain data, Date, URL, Map and Set survive a round trip", () => {
  const value = {
    text: "hi",
    n: 3.5,
    ok: true,
    none: null,
    list: [1, "two", [3]],
    when: new Date("2026-11-21T10:00:00.000Z"),
    link: new URL("https://example.org/a?b=1"),
    map: new Map<unknown, unknown>([["a", 1], [2, new Date(0)]]),
    set: new Set(["x", "y"]),
    nested: { deeper: { set: new Set([1]) } },
  };
  assert.deepEqual(roundTrip(value), value);
});

Deno.test("island props - undefined, bigint, NaN, Infinity and -0 keep their identity", () => {
  const out = roundTrip({ u: undefined, b: 12n, nan: NaN, inf: -Infinity, z: -0 }) as Record<
    string,
    unknown
  >;
  assert.ok("u" in out);
  assert.equal(out.u, undefined);
  assert.equal(out.b, 12n);
  assert.ok(Number.isNaN(out.nan));
  assert.equal(out.inf, -Infinity);
  assert.ok(Object.is(out.z, -0));
});

Deno.test("island props - objects whose keys look like tags are not mistaken for them", () => {
  const value = { $D: "not a date", inner: { $s: 1, $o: 2 } };
  assert.deepEqual(roundTrip(value), value);
});

Deno.test("island props - signals arrive as live signals with their value", () => {
  const out = roundTrip({ count: signal(4), double: computed(() => 8) }) as Record<
    string,
    Signal<number>
  >;
  assert.equal(out.count.value, 4);
  assert.equal(out.double.value, 8);
  out.count.value = 5;
  assert.equal(out.count.value, 5);
});

Deno.test("island props - a function prop is a clear error naming the prop", () => {
  assert.throws(
    () => serialize({ items: [{ onClick: () => {} }] }, 'island "Chat" props'),
    /island "Chat" props\.items\[0\]\.onClick is a function/,
  );
});

Deno.test("island props - class instances, symbols, JSX and cycles are refused", () => {
  class Thing {}
  assert.throws(() => serialize({ t: new Thing() }), /instance of Thing/);
  assert.throws(() => serialize({ s: Symbol("x") }), /symbol/);
  assert.throws(() => serialize({ child: h("b", null) }), /JSX/);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => serialize(cyclic), /circular/);
});

Deno.test("island props - the same object twice is not a cycle", () => {
  const shared = { a: 1 };
  assert.deepEqual(roundTrip({ x: shared, y: shared }), { x: { a: 1 }, y: { a: 1 } });
});

Deno.test("island props - script JSON cannot close its script tag", () => {
  const json = jsonForScript({ evil: "</script><script>alert(1)</script>" });
  assert.ok(!json.includes("</script>"));
  assert.deepEqual(JSON.parse(json), { evil: "</script><script>alert(1)</script>" });
});

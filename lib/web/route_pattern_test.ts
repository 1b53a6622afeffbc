import assert from "node:assert/strict";
import { classifyRouteFile, compareRoutePatterns, islandName } from "./route_pattern.ts";

const table: [string, string, string][] = [
  ["index.tsx", "route", "/"],
  ["about.tsx", "route", "/about"],
  ["blog/index.tsx", "route", "/blog"],
  ["blog/[slug].tsx", "route", "/blog/:slug"],
  ["blog/[slug]/comments.ts", "route", "/blog/:slug/comments"],
  ["docs/[...rest].tsx", "route", "/docs/:rest{.+}"],
  ["[...rest].tsx", "route", "/:rest{.+}"],
  ["lang/[[locale]].tsx", "route", "/lang/:locale?"],
  ["(marketing)/pricing.tsx", "route", "/pricing"],
  ["(marketing)/(deep)/index.tsx", "route", "/"],
  ["api/chat/tasks/[id]/stream.ts", "route", "/api/chat/tasks/:id/stream"],
  ["_app.tsx", "app", "/"],
  ["_layout.tsx", "layout", "/"],
  ["admin/_layout.tsx", "layout", "/admin"],
  ["(app)/_layout.tsx", "layout", "/"],
  ["_middleware.ts", "middleware", "/"],
  ["api/_middleware.ts", "middleware", "/api"],
  ["_error.tsx", "error", "/"],
  ["admin/_error.tsx", "error", "/admin"],
  ["_404.tsx", "notFound", "/"],
  ["chat/(_islands)/Composer.tsx", "island", ""],
  ["chat/(_components)/Bubble.tsx", "ignored", ""],
  ["index_test.ts", "ignored", ""],
  ["blog/[slug]_test.tsx", "ignored", ""],
  ["_helpers.ts", "ignored", ""],
  ["readme.md", "ignored", ""],
];

for (const [file, kind, pattern] of table) {
  Deno.test(`route names - ${file} is a ${kind}${pattern ? ` at ${pattern}` : ""}`, () => {
    assert.deepEqual(classifyRouteFile(file), { kind, pattern });
  });
}

Deno.test("route names - an unsupported bracket segment is a clear error", () => {
  assert.throws(() => classifyRouteFile("blog/[a]-[b].tsx"), /Unsupported route segment/);
});

Deno.test("route names - the more specific of two overlapping patterns sorts first", () => {
  const pairs: [string, string][] = [
    ["/blog/new", "/blog/:slug"],
    ["/blog/:slug", "/:rest{.+}"],
    ["/blog", "/:section"],
    ["/:section", "/:rest{.+}"],
    ["/lang/de", "/lang/:locale?"],
    ["/lang/:locale?", "/lang/:rest{.+}"],
    ["/docs/a/b", "/docs/:rest{.+}"],
  ];
  for (const [specific, general] of pairs) {
    assert.ok(compareRoutePatterns(specific, general) < 0, `${specific} before ${general}`);
    assert.ok(compareRoutePatterns(general, specific) > 0, `${general} after ${specific}`);
  }
});

Deno.test("route names - island names come from the file name", () => {
  assert.equal(islandName("islands/ConnectionIndicator.tsx"), "ConnectionIndicator");
  assert.equal(islandName("routes/chat/(_islands)/chat-box.tsx"), "chat_box");
});

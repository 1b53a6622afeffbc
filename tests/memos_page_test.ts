/**
 * `/memos` on the server, without JavaScript: pinned first, then the most recently changed;
 * Markdown rendered by the chat's renderer (no script, no javascript: link, raw HTML as text);
 * tag chips and the tag and word filters; pages through a plain "More memos" link; each memo's
 * `m-<id>` anchor (where search hits land); another profile's memos never appear.
 */
import assert from "node:assert/strict";
import { createMemo } from "../lib/memos/store.ts";
import { search } from "../lib/search/mod.ts";
import { testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

const HTML = { headers: { accept: "text/html" } };

type App = Awaited<ReturnType<typeof testApp>>;

/** Writes a memo changed at `updated` (the store stamps the clock; the test sets it). */
async function memo(
  app: App,
  who: string,
  input: Parameters<typeof createMemo>[2],
  updated: string,
) {
  const made = await createMemo(app.services.db.kysely, who, input);
  await app.services.db.kysely.updateTable("memos").set({ updated_at: updated })
    .where("id", "=", made.id).execute();
  return made;
}

/** The memo ids of a page, in the order shown. */
function shown(html: string): string[] {
  return [...html.matchAll(/<article class="memo-card[^"]*" id="m-([^"]+)"/g)].map((m) => m[1]);
}

/** The "More memos" link's address, or null. */
function moreLink(html: string): string | null {
  const m = /<a class="button memo-more-link" href="([^"]+)"/.exec(html);
  return m ? m[1].replaceAll("&amp;", "&") : null;
}

const base = {
  title: undefined,
  body: "",
  tags: [] as string[],
  pinned: false,
};

Deno.test("memos page - pinned first, then most recently changed; tags, anchors; only the profile's own", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const old = await memo(app, ann.id, {
    ...base,
    title: "Old pinned",
    pinned: true,
  }, "2026-01-01T00:00:00.000Z");
  const wifi = await memo(app, ann.id, {
    ...base,
    title: "Wifi",
    body: "Password: **hunter2**",
    tags: ["home", "tech"],
  }, "2026-03-01T00:00:00.000Z");
  const soup = await memo(app, ann.id, {
    ...base,
    title: "Soup",
    body: "- leeks\n- potatoes",
    tags: ["food"],
  }, "2026-02-01T00:00:00.000Z");
  const pinned = await memo(app, ann.id, {
    ...base,
    title: "New pinned",
    pinned: true,
  }, "2026-02-15T00:00:00.000Z");
  const secret = await memo(app, bob.id, {
    ...base,
    title: "Bob's secret",
  }, "2026-04-01T00:00:00.000Z");

  const res = await ann.fetch("/memos", HTML);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<title>Memos · Hearth<\/title>/);
  assert.deepEqual(shown(html), [pinned.id, old.id, wifi.id, soup.id]);
  assert.match(html, /<strong>hunter2<\/strong>/, "Markdown is rendered");
  assert.match(html, /<li>leeks<\/li>/);
  // Tags are chips that filter the page.
  assert.match(
    html,
    /<a class="memo-tag-link" href="\/memos\?tag=home"><span class="memo-tag">#home<\/span><\/a>/,
  );
  assert.match(html, /class="badge memo-pinned">Pinned</);
  assert.equal(moreLink(html), null, "one page holds them all");
  assert.doesNotMatch(html, /Bob(&#x27;|&#39;|')s secret/);

  // A search hit opens the memo's anchor on this page.
  const [hit] = search(app.services.db.raw, { profileId: ann.id, q: "hunter2", limit: 5 });
  assert.equal(hit.href, `/memos?m=${wifi.id}#m-${wifi.id}`);

  // Bob's memo, asked for by id, is as missing as none.
  const probe = await (await ann.fetch(`/memos?m=${secret.id}`, HTML)).text();
  assert.doesNotMatch(probe, /Bob(&#x27;|&#39;|')s secret/);
  assert.match(probe, /That memo is not there any more/);
  const his = await (await bob.fetch("/memos", HTML)).text();
  assert.deepEqual(shown(his), [secret.id]);
});

Deno.test("memos page - Markdown is rendered safely: no script, no javascript: links, raw HTML as text", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  await memo(app, ann.id, {
    ...base,
    title: "<b>bold?</b>",
    body: [
      "<script>alert(1)</script>",
      "[click](javascript:alert(2)) [also](JaVa&#115;cript:alert(3)) [ok](https://example.org)",
      '<img src=x onerror="alert(4)"> <a href="javascript:alert(5)">raw</a>',
      "</script><script>alert(6)</script> -->",
    ].join("\n\n"),
    tags: ["<i>x</i>"],
  }, "2026-03-01T00:00:00.000Z");
  const html = await (await ann.fetch("/memos", HTML)).text();
  // Nowhere in the page: neither in the cards nor in the island's props (JSON with "<" escaped).
  for (const bad of [/<script>alert/, /<img/, /<b>bold/, /<i>x/, /<a href="javascript/i]) {
    assert.doesNotMatch(html, bad);
  }
  const card = html.slice(html.indexOf('<article class="memo-card'), html.indexOf("</article>"));
  assert.doesNotMatch(
    card,
    /href="(?!https:\/\/example\.org"|\/memos\?tag=)/,
    "only the safe links",
  );
  assert.match(
    card,
    /<p>click also <a href="https:\/\/example.org"/,
    "unsafe links are plain text",
  );
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, "raw HTML shows as text");
  assert.match(html, /&lt;b(>|&gt;)bold\?&lt;\/b(>|&gt;)/, "a title is text");
  assert.match(html, /<a href="https:\/\/example.org" rel="noopener noreferrer nofollow"/);
});

Deno.test("memos page - filters by tag and by words on the server", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const soup = await memo(app, ann.id, {
    ...base,
    title: "Soup",
    body: "leeks",
    tags: ["food"],
  }, "2026-02-01T00:00:00.000Z");
  const cake = await memo(app, ann.id, {
    ...base,
    title: "Cake",
    body: "flour",
    tags: ["food", "sweet"],
    pinned: true,
  }, "2026-01-01T00:00:00.000Z");
  await memo(app, ann.id, { ...base, title: "Wifi", tags: ["home"] }, "2026-03-01T00:00:00.000Z");

  const food = await (await ann.fetch("/memos?tag=%23Food", HTML)).text();
  assert.deepEqual(shown(food), [cake.id, soup.id]);
  assert.match(food, /<option value="food" selected>#food \(2\)<\/option>/);
  assert.match(food, /<option value="home">#home \(1\)<\/option>/);
  assert.match(food, /href="\/memos">Show all memos</);
  const words = await (await ann.fetch("/memos?q=LEEK&tag=", HTML)).text();
  assert.deepEqual(shown(words), [soup.id]);
  assert.match(words, /name="q" value="LEEK"/);
  // A tag no memo carries stays chosen, so filtering again keeps it.
  const gone = await (await ann.fetch("/memos?tag=gone", HTML)).text();
  assert.deepEqual(shown(gone), []);
  assert.match(gone, /<option value="gone" selected>#gone \(0\)<\/option>/);
  const none = await (await ann.fetch("/memos?q=nothing", HTML)).text();
  assert.deepEqual(shown(none), []);
  assert.match(none, /No memo matches/);
});

Deno.test("memos page - pages through a plain link, pinned first, each memo once", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const made: { id: string; pinned: boolean; at: string }[] = [];
  for (let i = 0; i < 30; i++) {
    const at = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
    const pinned = i % 10 === 0;
    const m = await memo(app, ann.id, { ...base, title: `Memo ${i}`, pinned, tags: ["t"] }, at);
    made.push({ id: m.id, pinned, at });
  }
  const expected = made.toSorted((a, b) =>
    a.pinned !== b.pinned ? (a.pinned ? -1 : 1) : b.at.localeCompare(a.at)
  ).map((m) => m.id);

  for (const filter of ["", "tag=t&"]) {
    const first = await (await ann.fetch(`/memos?${filter}`, HTML)).text();
    assert.equal(shown(first).length, 24);
    const next = moreLink(first);
    assert.ok(next, "a More link");
    assert.ok(next.startsWith(`/memos?${filter}after=u%3A`), next);
    const second = await (await ann.fetch(next, HTML)).text();
    assert.deepEqual([...shown(first), ...shown(second)], expected);
    assert.equal(moreLink(second), null);
  }

  // A search hit's link to a memo beyond the first page shows it there too.
  const oldest = made[1].id;
  assert.ok(!shown(await (await ann.fetch("/memos", HTML)).text()).includes(oldest));
  const linked = shown(await (await ann.fetch(`/memos?m=${oldest}`, HTML)).text());
  assert.equal(linked.length, 25);
  assert.equal(linked.at(-1), oldest, "in its place in the order");

  const bad = await ann.fetch("/memos?after=nonsense", HTML);
  assert.equal(bad.status, 422);
  await bad.body?.cancel();
});

Deno.test("memos page - German, and an empty page says so", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const html = await (await ann.fetch("/memos", {
    headers: { accept: "text/html", "accept-language": "de" },
  })).text();
  assert.match(html, /<h1>Notizen<\/h1>/);
  assert.match(html, /Noch keine Notizen/);
});

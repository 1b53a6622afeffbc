import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { parseImportText } from "./parse.ts";
import { splitReasoning } from "./openwebui.ts";
import {
  at,
  chatgptConversation,
  chatgptSimple,
  hearthV1,
  hearthV2,
  openwebuiChat,
  T0,
} from "./testing.ts";
import { buildTree, isoFromEpoch, type RawNode } from "./tree.ts";
import type { ImportedConversation } from "./types.ts";

function fails(fn: () => unknown, code: string, pattern?: RegExp): HttpError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof HttpError, String(err));
    assert.equal(err.code, code, err.message);
    if (pattern) assert.match(err.message, pattern);
    return err;
  }
  assert.fail(`expected ${code}`);
}

/** key → [parentKey, role, content] in write order. */
const shape = (c: ImportedConversation) =>
  c.messages.map((m) => [m.key, m.parentKey, m.role, m.content]);

Deno.test("imports - ChatGPT keeps both answers, skips hidden and reasoning nodes, and keeps the path", () => {
  const parsed = parseImportText(JSON.stringify([chatgptConversation(), chatgptSimple()]));
  assert.equal(parsed.format, "chatgpt");
  assert.equal(parsed.conversations.length, 2);
  const c = parsed.conversations[0];
  assert.deepEqual(shape(c), [
    ["u1", null, "user", "What is a hearth?"],
    ["a1", "u1", "assistant", "A fireplace."],
    ["a1b", "u1", "assistant", "The floor of a fireplace."],
    ["u2", "a1b", "user", "[image]\nWhat is in this photo?"],
    ["a2", "u2", "assistant", "A cozy fire."],
  ]);
  assert.equal(c.leafKey, "a2");
  assert.equal(c.title, "Hearth questions");
  assert.equal(c.messages[4].thinking, "The photo shows flames.");
  assert.equal(c.messages[4].model, "o3");
  assert.equal(c.messages[1].model, "gpt-4o");
  assert.equal(c.messages[0].model, null);
  assert.equal(c.messages[0].createdAt, new Date((T0 + 10.123) * 1000).toISOString());
  assert.equal(c.createdAt, new Date((T0 + 5.5) * 1000).toISOString());
  assert.equal(c.updatedAt, new Date((T0 + 60.25) * 1000).toISOString());
  assert.equal(c.model, "o3");
});

Deno.test("imports - a ChatGPT conversation without a title is named after its first question", () => {
  const [c] = parseImportText(JSON.stringify([chatgptConversation(null)])).conversations;
  assert.equal(c.title, "What is a hearth?");
});

Deno.test("imports - Open WebUI keeps both branches and the active path ends at currentId", () => {
  const parsed = parseImportText(JSON.stringify([openwebuiChat()]));
  assert.equal(parsed.format, "openwebui");
  const c = parsed.conversations[0];
  assert.deepEqual(shape(c), [
    ["m1", null, "user", "How long does bread rise?"],
    ["m2", "m1", "assistant", "About an hour."],
    ["m3", "m1", "assistant", "One to two hours, somewhere warm."],
    ["m4", "m3", "user", "And the second rise?"],
    ["m5", "m4", "assistant", "Shorter: 30 to 45 minutes."],
  ]);
  assert.equal(c.leafKey, "m2");
  assert.equal(c.messages[2].thinking, "Yeast needs warmth.");
  assert.equal(c.messages[1].model, "llama3.2:3b");
  assert.equal(c.messages[0].createdAt, at(0));
  assert.equal(c.updatedAt, at(40));
  // One chat object on its own (not in an array) reads the same.
  assert.deepEqual(parseImportText(JSON.stringify(openwebuiChat())).conversations, [c]);
});

Deno.test("imports - an Open WebUI chat with only the flat message list is one path", () => {
  const chat = openwebuiChat();
  const flat = { ...chat, chat: { ...chat.chat, history: undefined } };
  const [c] = parseImportText(JSON.stringify([flat])).conversations;
  assert.deepEqual(shape(c), [
    ["m1", null, "user", "How long does bread rise?"],
    ["m2", "m1", "assistant", "About an hour."],
  ]);
  assert.equal(c.leafKey, "m2");
});

Deno.test("imports - Hearth v1 is one path in seq order; v2 keeps branches, leafId and thinking", () => {
  const v1 = parseImportText(JSON.stringify(hearthV1()));
  assert.equal(v1.format, "hearth.conversation.v1");
  const [one] = v1.conversations;
  assert.deepEqual(one.messages.map((m) => [m.key, m.parentKey]), [
    ["h1-1", null],
    ["h1-2", "h1-1"],
    ["h1-3", "h1-2"],
    ["h1-4", "h1-3"],
  ]);
  assert.equal(one.leafKey, "h1-4");
  assert.equal(one.systemPrompt, "Be brief.");
  assert.deepEqual(one.messages[1].meta, { tokensPerSecond: 12.5 });

  const v2 = parseImportText(JSON.stringify(hearthV2()));
  assert.equal(v2.format, "hearth.conversation.v2");
  const [two] = v2.conversations;
  assert.deepEqual(two.messages.map((m) => [m.key, m.parentKey]), [
    ["q", null],
    ["b", "q"],
    ["q2", null],
    ["b2", "q2"],
  ]);
  assert.equal(two.leafKey, "b");
  assert.equal(two.messages[1].thinking, "Hmm.");
  assert.deepEqual(two.messages[1].meta, {}, "a task id of the other box is not kept");
});

Deno.test("imports - a child written before its parent still comes after it", () => {
  const msg = (s: number) => ({
    role: "user" as const,
    content: "x",
    thinking: "",
    status: "complete" as const,
    model: null,
    meta: {},
    createdAt: at(s),
    updatedAt: at(s),
  });
  const nodes: RawNode[] = [
    { key: "c", parentKey: "b", message: msg(1) },
    { key: "b", parentKey: "a", message: msg(2) },
    { key: "a", parentKey: null, message: msg(3) },
    { key: "d", parentKey: "a", message: msg(4) },
    { key: "e", parentKey: "a", message: msg(0) },
  ];
  const { messages, leafKey } = buildTree(nodes, null, "t");
  assert.deepEqual(messages.map((m) => m.key), ["a", "e", "b", "c", "d"]);
  assert.equal(leafKey, "d");
});

Deno.test("imports - cycles, dangling parents and duplicate ids are malformed, named where", () => {
  const chat = chatgptConversation();
  const cyclic = structuredClone(chat);
  cyclic.mapping.u1.parent = "a2";
  fails(
    () => parseImportText(JSON.stringify([cyclic])),
    "import_malformed",
    /conversation 1 \(“Hearth questions”\), message .*: its parents form a cycle/,
  );
  const selfParent = structuredClone(chat);
  selfParent.mapping.a1.parent = "a1";
  fails(() => parseImportText(JSON.stringify([selfParent])), "import_malformed", /cycle/);
  const dangling = structuredClone(chat);
  dangling.mapping.a2.parent = "gone";
  fails(
    () => parseImportText(JSON.stringify([chatgptSimple(), dangling])),
    "import_malformed",
    /conversation 2 .*message a2: its parent gone is not in the file/,
  );
  const long = structuredClone(chat);
  long.mapping.a2.parent = "x".repeat(100_000);
  const err = fails(() => parseImportText(JSON.stringify([long])), "import_malformed");
  assert.ok(err.message.length < 700, "an id from the file is clipped in the message");
  const v2 = hearthV2();
  v2.messages[3].id = "q";
  fails(() => parseImportText(JSON.stringify(v2)), "import_malformed", /id is used twice/);
});

Deno.test("imports - not JSON, an unknown format and a wrong shape each say so", () => {
  fails(() => parseImportText("hello"), "import_not_json");
  fails(() => parseImportText(""), "import_not_json", /empty/);
  fails(() => parseImportText('[{"mapping":{}}'), "import_not_json");
  fails(() => parseImportText('[{"mapping":{}}] trailing'), "import_not_json", /after the end/);
  fails(
    () => parseImportText("[" + "[".repeat(70) + "]".repeat(70) + "]"),
    "import_not_json",
    /nested/,
  );
  fails(
    () => parseImportText('{"name":"x"}'),
    "import_unknown_format",
    /chatgpt, openwebui, hearth\.conversation\.v1, hearth\.conversation\.v2/,
  );
  fails(() => parseImportText('{"format":"hearth.conversation.v9"}'), "import_unknown_format");
  fails(() => parseImportText("[1,2]"), "import_unknown_format");
  const bad = chatgptConversation();
  (bad.mapping.u1.message as Record<string, unknown>).author = { name: "no role" };
  fails(
    () => parseImportText(JSON.stringify([bad])),
    "import_malformed",
    /conversation 1 .*field mapping\.u1\.message\.author\.role/,
  );
  fails(
    () => parseImportText(JSON.stringify([chatgptSimple(), openwebuiChat()])),
    "import_malformed",
    /conversation 2/,
  );
  fails(() => parseImportText("[]"), "import_malformed", /no conversations/);
});

Deno.test("imports - strings with brackets and escapes do not confuse the splitter", () => {
  const tricky = chatgptSimple('A "quoted" [title] {with} \\ braces ]}');
  const parsed = parseImportText(
    ` \n[ ${JSON.stringify(tricky)} ,\n${JSON.stringify(chatgptSimple())} ]\n`,
  );
  assert.equal(parsed.conversations[0].title, 'A "quoted" [title] {with} \\ braces ]}');
  assert.equal(parsed.conversations.length, 2);
});

Deno.test("imports - caps: conversations per file and messages per conversation", () => {
  const three = JSON.stringify([chatgptSimple(), chatgptSimple(), chatgptSimple()]);
  fails(() => parseImportText(three, 2), "import_too_many_conversations");
  const mapping: Record<string, unknown> = {};
  for (let i = 0; i <= 20_000; i++) {
    mapping[`n${i}`] = {
      id: `n${i}`,
      parent: i ? `n${i - 1}` : null,
      children: [],
      message: {
        author: { role: i % 2 ? "assistant" : "user" },
        content: { content_type: "text", parts: ["hi"] },
        create_time: T0 + i,
      },
    };
  }
  fails(
    () => parseImportText(JSON.stringify([{ title: "Long", mapping, current_node: "n20000" }])),
    "import_too_many_messages",
    /20001 messages; at most 20000/,
  );
});

Deno.test("imports - Open WebUI reasoning blocks and epoch units", () => {
  assert.deepEqual(
    splitReasoning(
      '<details type="reasoning" done="true">\n<summary>x</summary>\n> a\n> b\n</details>\nHi',
    ),
    { content: "Hi", thinking: "a\nb" },
  );
  assert.deepEqual(splitReasoning('<details type="reasoning">never closed'), {
    content: '<details type="reasoning">never closed',
    thinking: "",
  });
  const iso = at(0);
  assert.equal(isoFromEpoch(T0, "f"), iso);
  assert.equal(isoFromEpoch(T0 * 1000, "f"), iso);
  assert.equal(isoFromEpoch(T0 * 1e9, "f"), iso);
  assert.equal(isoFromEpoch(null, "f"), "f");
  assert.equal(isoFromEpoch(-5, "f"), "f");
  assert.equal(isoFromEpoch(1e300, "f"), "f");
});

Deno.test("imports - ChatGPT's zip: conversations.json inside is read; a bomb and a zip without it are refused", async () => {
  const { zipSync, strToU8 } = await import("fflate");
  const { readImportFile } = await import("./mod.ts");
  const { conversationsFromZip } = await import("./zip.ts");
  const json = JSON.stringify([chatgptConversation(), chatgptSimple()]);
  const zip = zipSync({
    "chat.html": strToU8("<html></html>"),
    "conversations.json": strToU8(json),
    "user.json": strToU8("{}"),
  });
  const req = new Request("http://x/", { method: "POST", body: zip });
  const { text } = await readImportFile(req);
  assert.equal(parseImportText(text).conversations.length, 2);

  const bomb = zipSync({ "export/conversations.json": new Uint8Array(5_000_000) }, { level: 9 });
  assert.ok(bomb.length < 100_000);
  fails(() => conversationsFromZip(bomb, 1_000_000), "import_too_large");
  assert.equal(conversationsFromZip(bomb, 5_000_000).length, 5_000_000);
  fails(
    () => conversationsFromZip(zipSync({ "a.txt": strToU8("x") })),
    "import_malformed",
    /no conversations\.json/,
  );
  fails(() => conversationsFromZip(zip.subarray(0, 200)), "import_malformed");
});

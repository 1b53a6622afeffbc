/**
 * Photos in chat over HTTP, on the Fake Ollama with a vision model: upload checks (size, type by
 * magic bytes, pixels), the vision check before anything is stored, owner-only access, and what
 * reaches the model (base64 on the user message, the newest few only, notes otherwise).
 */
import assert from "node:assert/strict";
import { HISTORY_IMAGES, NOTE_NO_VISION, NOTE_OLDER } from "../lib/chat/attachments.ts";
import { pngBytes } from "../lib/chat/testing.ts";
import { FAKE_INSTALLED, type FakeModelSpec } from "../lib/ollama/fake_catalogue.ts";
import { json, readSse } from "./helpers/admin.ts";
import { expectError, type TestApp, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

const encodeBase64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));

const VISION: FakeModelSpec = {
  ...FAKE_INSTALLED[0],
  name: "gemma3:4b",
  family: "gemma3",
  capabilities: ["completion", "vision"],
};

function imagesApp(models: FakeModelSpec[] = [...FAKE_INSTALLED, VISION]) {
  return testApp({ ollama: { tokensPerSecond: 0, models } });
}

/** Uploads `bytes` as `type`. */
function upload(who: Member, bytes: Uint8Array | ReadableStream<Uint8Array>, type = "image/png") {
  return who.fetch("/api/chat/attachments", {
    method: "POST",
    headers: { "content-type": type },
    body: bytes as BodyInit,
  });
}

async function uploaded(who: Member, bytes?: Uint8Array): Promise<string> {
  const res = await upload(who, bytes ?? await pngBytes(40, 30));
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).id;
}

/** Every row of a table, for "nothing was stored". */
function rows(app: TestApp, table: string): unknown[] {
  return app.services.db.raw.prepare(`SELECT * FROM ${table}`).all();
}

/** The user messages of the last chat request the fake received. */
/** The user messages of the last reply Hearth asked for (not a load, not a title after it). */
function lastUserMessages(app: TestApp) {
  type Sent = { role: string; content: string; images?: string[] }[];
  const chat = app.ollama!.server.requests.filter((r) => {
    const messages = r.body?.messages as Sent | undefined;
    return r.path === "/api/chat" && messages?.length &&
      !messages[0].content.startsWith("Write a title");
  }).at(-1);
  return (chat?.body?.messages as Sent).filter((m) => m.role === "user");
}

async function send(who: Member, body: Record<string, unknown>) {
  const res = await who.fetch("/api/chat/stream", json("POST", body));
  assert.equal(res.status, 200, await res.clone().text());
  const events = await readSse(res);
  assert.equal(events.at(-2)?.event, "done", JSON.stringify(events.at(-2)));
  return events[0].data as Record<string, string>;
}

Deno.test("chat images - a photo reaches a vision model as base64 on the user message", async () => {
  await using app = await imagesApp();
  const ann = await member(app, "Ann");
  const png = await pngBytes(40, 30);
  const res = await upload(ann, png);
  assert.equal(res.status, 201);
  const info = await res.json();
  assert.deepEqual({ ...info, id: "" }, {
    id: "",
    mime: "image/png",
    width: 40,
    height: 30,
    size: png.length,
  });

  const meta = await send(ann, { content: "What is this?", model: VISION.name, images: [info.id] });
  const [user] = lastUserMessages(app);
  assert.equal(user.content, "What is this?");
  assert.deepEqual(user.images, [encodeBase64(png)]);

  // The message carries it, and its owner gets it back as it was, never sniffed.
  const page = await (await ann.fetch(`/api/conversations/${meta.conversationId}/messages`)).json();
  assert.deepEqual(page.items[0].meta.images, [info]);
  const got = await ann.fetch(`/api/chat/attachments/${info.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get("content-type"), "image/png");
  assert.equal(got.headers.get("x-content-type-options"), "nosniff");
  assert.match(got.headers.get("cache-control") ?? "", /^private/);
  assert.match(got.headers.get("content-security-policy") ?? "", /default-src 'self'/);
  assert.deepEqual(new Uint8Array(await got.arrayBuffer()), png);

  // Sent once: another message cannot take it, and it can no longer be removed as unsent.
  await expectError(
    await ann.fetch("/api/chat/stream", json("POST", { content: "Again", images: [info.id] })),
    409,
    "attachment_used",
  );
  const del = await ann.fetch(`/api/chat/attachments/${info.id}`, { method: "DELETE" });
  await expectError(del, 404, "attachment_not_found");
  // Deleting the conversation deletes its photos.
  const gone = await ann.fetch(`/api/conversations/${meta.conversationId}`, { method: "DELETE" });
  assert.ok(gone.ok);
  assert.deepEqual(rows(app, "attachments"), []);
});

Deno.test("chat images - too large is 413 before anything is stored, by length or by counting", async () => {
  await using app = await imagesApp();
  const ann = await member(app, "Ann");
  const big = new Uint8Array(8 * 1000 * 1000 + 1);
  big.set(await pngBytes(10, 10));
  await expectError(await upload(ann, big), 413, "body_too_large");
  // Without a Content-Length (chunked), the limit is counted as the body arrives.
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      c.enqueue(new Uint8Array(1024 * 1024));
    },
  });
  await expectError(await upload(ann, stream), 413, "body_too_large");
  assert.ok(pulled < 20, `reading stopped at the limit (${pulled} MB pulled)`);
  assert.deepEqual(rows(app, "attachments"), []);
});

Deno.test("chat images - the type is checked by magic bytes, and the pixels are capped", async () => {
  await using app = await imagesApp();
  const ann = await member(app, "Ann");
  const png = await pngBytes(8, 8);
  const svg = new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>");
  await expectError(await upload(ann, svg, "image/svg+xml"), 415, "unsupported_media_type");
  await expectError(await upload(ann, svg, "image/png"), 422, "not_an_image");
  await expectError(await upload(ann, new Uint8Array(0), "image/jpeg"), 422, "not_an_image");
  const mismatch = await expectError(
    await upload(ann, png, "image/jpeg"),
    422,
    "image_type_mismatch",
  );
  assert.match(mismatch.error.message, /image\/png/);
  // A PNG header claiming 9000 × 10 pixels.
  const wide = png.slice();
  new DataView(wide.buffer).setUint32(16, 9000);
  await expectError(await upload(ann, wide), 422, "image_too_large");
  assert.deepEqual(rows(app, "attachments"), []);
});

Deno.test("chat images - a model without vision is refused plainly, naming one that can, before anything is stored", async () => {
  await using app = await imagesApp();
  const ann = await member(app, "Ann");
  const id = await uploaded(ann);
  const before = { conversations: rows(app, "conversations"), messages: rows(app, "messages") };
  const res = await ann.fetch(
    "/api/chat/stream",
    json("POST", { content: "Look", model: "llama3.2:latest", images: [id] }),
  );
  const body = await expectError(res, 422, "model_cannot_see");
  assert.equal(
    body.error.message,
    "llama3.2:latest cannot see images; choose a model that can, such as gemma3:4b.",
  );
  assert.deepEqual(
    { conversations: rows(app, "conversations"), messages: rows(app, "messages") },
    before,
  );
  // The photo stays unsent, ready for a model that can see it.
  const meta = await send(ann, { content: "Look", model: VISION.name, images: [id] });
  assert.ok(meta.userMessageId);

  // In German, and without any vision model installed, it says that too.
  await using plain = await imagesApp(
    FAKE_INSTALLED.filter((m) => !m.capabilities.includes("vision")),
  );
  const bob = await member(plain, "Bob");
  const other = await uploaded(bob);
  const refused = await bob.fetch("/api/chat/stream", {
    ...json("POST", { content: "Schau", model: "llama3.2:latest", images: [other] }),
    headers: { "content-type": "application/json", "accept-language": "de" },
  });
  const de = await expectError(refused, 422, "no_model_can_see");
  assert.match(de.error.message, /^llama3\.2:latest kann keine Bilder sehen/);
});

Deno.test("chat images - another profile's photo is a missing one everywhere", async () => {
  await using app = await imagesApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const id = await uploaded(ann);
  const missing = "0190b7a0-0000-7000-8000-000000000000";
  for (const target of [id, missing]) {
    await expectError(
      await bob.fetch(`/api/chat/attachments/${target}`),
      404,
      "attachment_not_found",
    );
    await expectError(
      await bob.fetch(`/api/chat/attachments/${target}`, { method: "DELETE" }),
      404,
      "attachment_not_found",
    );
    await expectError(
      await bob.fetch(
        "/api/chat/stream",
        json("POST", { content: "Mine", model: VISION.name, images: [target] }),
      ),
      404,
      "attachment_not_found",
    );
  }
  assert.deepEqual(rows(app, "messages"), []);
  assert.equal((await ann.fetch(`/api/chat/attachments/${id}`)).status, 200);
  // Removed before sending, it is gone.
  assert.equal((await ann.fetch(`/api/chat/attachments/${id}`, { method: "DELETE" })).status, 204);
  assert.deepEqual(rows(app, "attachments"), []);
});

Deno.test("chat images - the model sees the newest photos only; edits keep them; a model without vision gets notes", async () => {
  await using app = await imagesApp();
  const ann = await member(app, "Ann");
  let conversationId: string | undefined;
  const sent: string[][] = [];
  let first = "";
  for (let i = 0; i < 3; i++) {
    const photos = [await pngBytes(10 + i, 10), await pngBytes(20 + i, 10)];
    const ids = [await uploaded(ann, photos[0]), await uploaded(ann, photos[1])];
    const meta = await send(ann, {
      content: `Photo pair ${i}`,
      model: VISION.name,
      images: ids,
      ...(conversationId && { conversationId }),
    });
    conversationId = meta.conversationId;
    first ||= meta.userMessageId;
    sent.push(photos.map(encodeBase64));
  }
  // The newest HISTORY_IMAGES (4) photos: the last two messages' pairs; the first gets a note.
  assert.equal(HISTORY_IMAGES, 4);
  const users = lastUserMessages(app);
  assert.deepEqual(users.map((m) => m.images), [undefined, sent[1], sent[2]]);
  assert.equal(users[0].content, `Photo pair 0\n\n${NOTE_OLDER}`);

  // Editing the first message keeps its photos: it is the newest again, and shown.
  const res = await ann.fetch(
    `/api/messages/${first}/resend`,
    json("POST", { content: "Photo pair 0, again", model: VISION.name }),
  );
  await readSse(res);
  assert.deepEqual(lastUserMessages(app).map((m) => m.images), [sent[0]]);

  // Answered by a model that cannot see: the text goes alone, with a note.
  const again = await ann.fetch(
    `/api/messages/${first}/resend`,
    json("POST", { content: "Describe it", model: "llama3.2:latest" }),
  );
  await readSse(again);
  const [blind] = lastUserMessages(app);
  assert.equal(blind.images, undefined);
  assert.equal(blind.content, `Describe it\n\n${NOTE_NO_VISION}`);
});

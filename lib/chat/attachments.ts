/**
 * Photos in chat. A photo is uploaded on its own (`POST /api/chat/attachments`, the raw bytes),
 * checked here and stored "unsent"; the message that carries it names its id, and the reply's
 * start links it to that message in the same transaction. Every query goes through `owned`, so
 * another profile's photo is a missing one.
 *
 * The server does not re-encode: it has no image library, and a pure-JS decoder takes about two
 * seconds of the one event loop and 750 MB for a 12-megapixel photo. The browser re-encodes
 * every photo before upload (`components/chat/photo.ts`: longest side 1600 px, JPEG, which also
 * drops EXIF and its location); the server only accepts JPEG, PNG and WebP by their magic bytes,
 * with a readable size of at most `MAX_IMAGE_SIDE` px per side, up to `MAX_IMAGE_BYTES`.
 *
 * What the model sees: the `HISTORY_IMAGES` newest photos of the conversation, as base64 on their
 * user messages; older ones, and every one when the model cannot see, are left out with a note
 * in the message's text, so the model knows a photo was there.
 */
import type { Kysely } from "kysely";
import type { ChatMessage, ChatProvider } from "../ai/types.ts";
import type { Db } from "../db/mod.ts";
import type { Database } from "../db/schema.ts";
import { newId } from "../db/ids.ts";
import { type Owned, owned } from "../db/owned.ts";
import { readBody } from "../http/body.ts";
import { HttpError } from "../http/errors.ts";
import { IMAGE_MIMES, type ImageMime, readImageHeader } from "./image_header.ts";
import type { AttachmentInfo } from "./types.ts";
import { getConversation } from "./store.ts";

export { MAX_IMAGES_PER_MESSAGE } from "./types.ts";

type DB = Kysely<Database>;

/** Largest photo upload (the browser's re-encoded photos are a few hundred kB). */
export const MAX_IMAGE_BYTES = 8 * 1000 * 1000;
/** Largest width or height, in pixels. */
export const MAX_IMAGE_SIDE = 8192;
/** Unsent photos a profile may hold at once (uploaded, not yet sent). */
export const MAX_UNSENT = 12;
/** How long an unsent photo is kept. */
export const UNSENT_TTL_MS = 24 * 60 * 60 * 1000;
/** Photos of a conversation the model is shown, newest first; older ones get a note. */
export const HISTORY_IMAGES = 4;

/** The notes that stand in for a photo the model is not shown. */
export const NOTE_NO_VISION =
  "[The user attached a photo here. It was left out: this model cannot see images.]";
export const NOTE_OLDER =
  "[The user attached a photo here. It is no longer shown, to keep the conversation short.]";

/** A history message as the reply's start reads it: a user message names its photos' ids. */
export type HistoryMessage = ChatMessage & { attachmentIds?: string[] };

function notFound(id: string): HttpError {
  return new HttpError(404, "attachment_not_found", "No such photo.", {}, { id });
}

function mine(db: DB, profileId: string): Owned<Database> {
  return owned(db, profileId, { attachments: notFound });
}

/**
 * Reads, checks and stores an uploaded photo as unsent: 415 for another declared type, 413
 * past `MAX_IMAGE_BYTES` (counted while reading, before anything is stored), 422 when the bytes
 * are not the declared image type or too large in pixels, 409 when the profile holds
 * `MAX_UNSENT` unsent photos. The profile's unsent photos older than a day go first.
 */
export async function saveAttachment(
  db: DB,
  profileId: string,
  req: Request,
  now = new Date(),
): Promise<AttachmentInfo> {
  const declared = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!IMAGE_MIMES.includes(declared as ImageMime)) {
    req.body?.cancel().catch(() => {});
    throw new HttpError(
      415,
      "unsupported_media_type",
      "Send the photo as image/jpeg, image/png or image/webp.",
      {},
      { type: "image/jpeg, image/png, image/webp" },
    );
  }
  const bytes = await readBody(req, MAX_IMAGE_BYTES);
  const header = readImageHeader(bytes);
  if (!header) {
    throw new HttpError(422, "not_an_image", "This file is not a JPEG, PNG or WebP picture.");
  }
  if (header.mime !== declared) {
    throw new HttpError(
      422,
      "image_type_mismatch",
      `The file is a ${header.mime} picture, not ${declared}.`,
      {},
      { actual: header.mime, declared },
    );
  }
  if (header.width > MAX_IMAGE_SIDE || header.height > MAX_IMAGE_SIDE) {
    throw new HttpError(
      422,
      "image_too_large",
      `The picture is ${header.width} × ${header.height} pixels; at most ${MAX_IMAGE_SIDE} ` +
        "per side are accepted.",
      {},
      { width: header.width, height: header.height, max: MAX_IMAGE_SIDE },
    );
  }
  return await db.transaction().execute(async (tx) => {
    const txScope = mine(tx, profileId);
    await txScope.deleteFrom("attachments").where("message_id", "is", null)
      .where("created_at", "<", new Date(now.getTime() - UNSENT_TTL_MS).toISOString()).execute();
    const { count } = await txScope.selectFrom("attachments")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("message_id", "is", null).executeTakeFirstOrThrow();
    if (Number(count) >= MAX_UNSENT) {
      throw new HttpError(
        409,
        "too_many_attachments",
        `You have ${MAX_UNSENT} photos waiting to be sent; send or remove some first.`,
        {},
        { limit: MAX_UNSENT },
      );
    }
    const info: AttachmentInfo = {
      id: newId(),
      mime: header.mime,
      width: header.width,
      height: header.height,
      size: bytes.byteLength,
    };
    await txScope.insertInto("attachments", {
      ...info,
      bytes,
      conversation_id: null,
      message_id: null,
      created_at: now.toISOString(),
    }).execute();
    return info;
  });
}

/** One of the profile's photos with its bytes, or 404 `attachment_not_found`. */
export async function readAttachment(
  db: DB,
  profileId: string,
  id: string,
): Promise<{ mime: ImageMime; bytes: Uint8Array; size: number }> {
  const row = await mine(db, profileId).selectFrom("attachments")
    .select(["mime", "bytes", "size"]).where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound(id);
  return row;
}

/** Deletes one of the profile's unsent photos (a thumbnail removed before sending). */
export async function deleteUnsentAttachment(db: DB, profileId: string, id: string) {
  const result = await mine(db, profileId).deleteFrom("attachments").where("id", "=", id)
    .where("message_id", "is", null).executeTakeFirst();
  if (!result.numDeletedRows) throw notFound(id);
}

/**
 * The profile's unsent photos `ids`, in that order: 404 for a missing (or foreign) id, 409
 * `attachment_used` for one another message already carries.
 */
export async function unsentAttachments(
  db: DB,
  profileId: string,
  ids: readonly string[],
): Promise<AttachmentInfo[]> {
  if (!ids.length) return [];
  const rows = await mine(db, profileId).selectFrom("attachments")
    .select(["id", "mime", "width", "height", "size", "message_id"])
    .where("id", "in", [...ids]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound(id);
    if (row.message_id !== null) {
      throw new HttpError(409, "attachment_used", "This photo was already sent with a message.");
    }
    return { id: row.id, mime: row.mime, width: row.width, height: row.height, size: row.size };
  });
}

/**
 * Links unsent photos to the message that carries them, inside the transaction that stores
 * the message; 409 `attachment_used` (rolling it back) when one was taken meanwhile.
 */
export async function linkAttachments(
  tx: DB,
  profileId: string,
  conversationId: string,
  messageId: string,
  ids: readonly string[],
): Promise<void> {
  if (!ids.length) return;
  const result = await mine(tx, profileId).updateTable("attachments", {
    conversation_id: conversationId,
    message_id: messageId,
  }).where("id", "in", [...ids]).where("message_id", "is", null).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== ids.length) {
    throw new HttpError(409, "attachment_used", "This photo was already sent with a message.");
  }
}

/**
 * Removes every profile's unsent photos older than a day: the server's own housekeeping at
 * start, before any request (like `interruptStreamingReplies`). Returns how many.
 */
export async function removeStaleAttachments(db: DB, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - UNSENT_TTL_MS).toISOString();
  const result = await db.deleteFrom("attachments").where("message_id", "is", null)
    .where("created_at", "<", before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Whether `model` can be shown photos: Ollama's `vision` capability. A server that says nothing
 * about capabilities (an OpenAI-compatible one) is trusted with them; it answers itself if not.
 */
export async function canSee(provider: ChatProvider, model: string): Promise<boolean> {
  const { capabilities } = await provider.describe(model);
  return capabilities.length === 0 || capabilities.includes("vision");
}

/**
 * Refuses (422) a photo for a model that cannot see, naming an installed one that can, if any.
 */
export async function requireVision(provider: ChatProvider, model: string): Promise<void> {
  if (await canSee(provider, model)) return;
  const names = (await provider.models().catch(() => [])).map((m) => m.name);
  let other = "";
  for (const name of names) {
    const d = await provider.describe(name).catch(() => null);
    if (d?.capabilities.includes("vision")) {
      other = name;
      break;
    }
  }
  if (other) {
    throw new HttpError(
      422,
      "model_cannot_see",
      `${model} cannot see images; choose a model that can, such as ${other}.`,
      {},
      { model, other },
    );
  }
  throw new HttpError(
    422,
    "no_model_can_see",
    `${model} cannot see images, and no installed model can; an admin can add one (for ` +
      "example gemma3 or llava).",
    {},
    { model },
  );
}

/**
 * A new message's photos: the profile's (404) and unsent (409), for a model that can see (422,
 * naming one that can). The model is the one the reply's start will pick.
 */
export async function photosToSend(
  deps: { db: Db; provider(): ChatProvider; defaultModel(): string },
  input: { profileId: string; conversationId?: string; model?: string; images?: string[] },
): Promise<AttachmentInfo[]> {
  const db = deps.db.kysely;
  const photos = await unsentAttachments(db, input.profileId, input.images ?? []);
  const conversation = input.conversationId
    ? await getConversation(db, input.profileId, input.conversationId)
    : null;
  const model = input.model || conversation?.model || deps.defaultModel();
  // Without a model, the reply's start answers `no_model`.
  if (model) await requireVision(deps.provider(), model);
  return photos;
}

/**
 * `history` as the model gets it: the `HISTORY_IMAGES` newest photos as base64 on their user
 * messages (when `vision`), every other photo replaced by a note in the text.
 */
export async function withImages(
  db: DB,
  profileId: string,
  history: readonly HistoryMessage[],
  vision: boolean,
): Promise<ChatMessage[]> {
  const shown = new Set<string>();
  if (vision) {
    for (let i = history.length - 1; i >= 0 && shown.size < HISTORY_IMAGES; i--) {
      for (const id of history[i].attachmentIds ?? []) {
        if (shown.size < HISTORY_IMAGES) shown.add(id);
      }
    }
  }
  const bytes = new Map<string, Uint8Array>();
  if (shown.size) {
    const rows = await mine(db, profileId).selectFrom("attachments").select(["id", "bytes"])
      .where("id", "in", [...shown]).execute();
    for (const r of rows) bytes.set(r.id, r.bytes);
  }
  return history.map(({ attachmentIds, ...m }) => {
    if (!attachmentIds?.length || m.role !== "user") return m as ChatMessage;
    const images = attachmentIds.flatMap((id) => {
      const b = bytes.get(id);
      return b ? [toBase64(b)] : [];
    });
    const left = attachmentIds.length - images.length;
    const note = left ? (vision ? NOTE_OLDER : NOTE_NO_VISION) : "";
    return {
      role: "user",
      content: note ? `${m.content}\n\n${note}`.trim() : m.content,
      ...(images.length && { images }),
    };
  });
}

/** Base64 of `bytes` (no `data:` prefix), in pieces so a large photo does not blow the stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

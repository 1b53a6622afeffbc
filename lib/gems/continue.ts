/**
 * "Continue as chat": a finished run becomes a conversation of the profile, the rendered prompt
 * as its user message (with the run's photos, while they are not in another chat yet) and the
 * output as the assistant's reply, so the person can ask follow-up questions.
 */
import { linkAttachments, unsentAttachments } from "../chat/attachments.ts";
import { createConversation, insertMessage } from "../chat/store.ts";
import { provisionalTitle } from "../chat/titles.ts";
import type { Db } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import { getRun } from "./store.ts";
import type { Gem } from "./types.ts";

/** Makes the conversation; answers its id. 409 `run_not_finished` while the run runs. */
export async function continueAsChat(
  db: Db,
  profileId: string,
  runId: string,
  gemOf: (id: string) => Promise<Gem | null>,
): Promise<{ conversationId: string }> {
  const run = await getRun(db.kysely, profileId, runId);
  if (run.status === "running") {
    throw new HttpError(409, "run_not_finished", "This run has not finished yet.");
  }
  const gem = await gemOf(run.gemId);
  const photoIds = (gem?.fields ?? []).filter((f) => f.type === "image" && run.values[f.name])
    .map((f) => String(run.values[f.name]));
  // Photos another chat took already stay there; the text carries on without them.
  const photos = photoIds.length
    ? await unsentAttachments(db.kysely, profileId, photoIds).catch(() => [])
    : [];
  return await db.kysely.transaction().execute(async (tx) => {
    const title = gem ? `${gem.icon} ${gem.name}` : provisionalTitle(run.prompt);
    const conversation = await createConversation(tx, profileId, { title, model: run.model });
    const user = await insertMessage(tx, profileId, conversation.id, 1, {
      role: "user",
      content: run.prompt,
      ...(photos.length && { meta: { images: photos } }),
    });
    await linkAttachments(tx, profileId, conversation.id, user.id, photos.map((p) => p.id));
    await insertMessage(tx, profileId, conversation.id, 2, {
      role: "assistant",
      content: run.output,
      status: "complete",
      model: run.model,
      meta: { gemRunId: run.id },
    });
    return { conversationId: conversation.id };
  });
}

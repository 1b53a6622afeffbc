/**
 * One change at a time per workspace: a tool's write, a command, a snapshot, a restore, a zip
 * load and an upload each hold the conversation's lock while they run, so a snapshot never sees
 * half a change and a path checked by `confine` is not swapped for a link before it is used by
 * Hearth's own code. In memory: one process serves the box.
 */
const tails = new Map<string, Promise<void>>();

/** Runs `fn` once every earlier holder of `conversationId`'s lock has finished. */
export async function withWorkspaceLock<T>(
  conversationId: string,
  fn: () => Promise<T>,
): Promise<T> {
  const before = tails.get(conversationId) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => release = resolve);
  const tail = before.then(() => mine);
  tails.set(conversationId, tail);
  await before;
  try {
    return await fn();
  } finally {
    release();
    // The last holder leaves no entry behind.
    if (tails.get(conversationId) === tail) tails.delete(conversationId);
  }
}

/** Test factories for the chat domain. */
import { OllamaProvider } from "../ai/ollama.ts";
import type { ChatProvider } from "../ai/types.ts";
import { type Db, openDatabase } from "../db/mod.ts";
import { Logger } from "../log/logger.ts";
import { type FakeOllamaOptions, startFakeOllama } from "../ollama/fake_server.ts";
import { TaskRegistry } from "../tasks/registry.ts";
import type { ChatDeps } from "./engine.ts";
import { addProfiles } from "../db/testing.ts";

/** An in-memory, migrated database with two profiles, `ann` and `bob`. */
export async function chatTestDb(): Promise<Db> {
  const db = await openDatabase(":memory:");
  await addProfiles(db, ["ann", "bob"]);
  return db;
}

/**
 * A chat engine over a test database, chatting through `upstream`: a provider, or the options of
 * a Fake Ollama that the Real provider talks to (it answers title requests itself, like the demo,
 * unless `titles: false`). Dispose it with `await using`.
 */
export async function chatEngine(
  upstream: ChatProvider | FakeOllamaOptions,
  extra: Partial<ChatDeps> = {},
) {
  const fake = "chat" in upstream
    ? undefined
    : await startFakeOllama({ titles: true, ...upstream });
  const provider = fake ? new OllamaProvider({ hosts: [fake.url] }) : upstream as ChatProvider;
  const db = await chatTestDb();
  const tasks = new TaskRegistry({ log: () => {} });
  const deps: ChatDeps = {
    db,
    tasks,
    provider: () => provider,
    log: new Logger({ write: null }),
    defaultModel: () => "llama3.2:latest",
    ...extra,
  };
  return {
    deps,
    db,
    fake,
    async [Symbol.asyncDispose]() {
      await tasks.shutdown();
      await db.close();
      await fake?.close();
    },
  };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A real PNG (8-bit RGB, a colour gradient) of `width` × `height`, which browsers decode, for
 * photo uploads in tests.
 */
export async function pngBytes(
  width: number,
  height: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const raw = new Uint8Array((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      raw.set([(x * 255 / width) | 0, (y * 255 / height) | 0, 160], row + 1 + x * 3);
    }
  }
  const deflated = new Uint8Array(
    await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream("deflate")))
      .arrayBuffer(),
  );
  const chunk = (type: string, data: Uint8Array) => {
    const body = new Uint8Array(4 + data.length);
    body.set(new TextEncoder().encode(type));
    body.set(data, 4);
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(body, 4);
    view.setUint32(8 + data.length, crc32(body));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflated),
    chunk("IEND", new Uint8Array(0)),
  ];
  return new Uint8Array(await new Blob(parts).arrayBuffer());
}

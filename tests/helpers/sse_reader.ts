/** Reads an open SSE response event by event (for streams that do not end by themselves). */
import type { ListEvent } from "../../lib/lists/types.ts";

/** The next events of an open list feed, one at a time; `ended` once the server closed it. */
export class FeedReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #text = "";
  ended = false;

  constructor(res: Response) {
    this.#reader = res.body!.getReader();
  }

  /**
   * The next event (heartbeats skipped); null once the stream ended. An event that does not come
   * within `waitMs` fails the test instead of hanging it.
   */
  async next(waitMs = 5_000): Promise<ListEvent | null> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no event within ${waitMs} ms`)), waitMs);
    });
    try {
      return await Promise.race([this.#next(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #next(): Promise<ListEvent | null> {
    while (true) {
      const cut = this.#text.indexOf("\n\n");
      if (cut >= 0) {
        const block = this.#text.slice(0, cut);
        this.#text = this.#text.slice(cut + 2);
        const data = block.split("\n").find((l) => l.startsWith("data: "));
        if (data) return JSON.parse(data.slice(6));
        continue;
      }
      const { value, done } = await this.#reader.read();
      if (done) {
        this.ended = true;
        return null;
      }
      this.#text += this.#decoder.decode(value, { stream: true });
    }
  }

  /** Leaves (the tab closed). */
  async cancel(): Promise<void> {
    await this.#reader.cancel();
  }
}

/**
 * A task's events, stored compactly so the caps of SPEC §13 count what the buffer really holds.
 * Each event's data is kept as UTF-8 in shared byte segments (up to 64 KiB each, filled end to
 * end, an event may span two); per event only its end offset and an event-name id are kept, in
 * typed arrays. A JavaScript object and string per event cost about 100 bytes more than a
 * 20-byte token, so a buffer of tokens used to hold five times what it counted.
 */
import type { Chunk } from "./types.ts";

const MIN_SEGMENT = 1024;
const MAX_SEGMENT = 64 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The events of one task, appended once and read by index. */
export class ChunkBuffer {
  // Segment k holds bytes [#bases[k], #bases[k] + #used[k]) of the whole data; the last one
  // is being filled. A segment may end up to three bytes short: a character is never split.
  readonly #segments: Uint8Array[] = [];
  readonly #bases: number[] = [];
  readonly #used: number[] = [];
  #ends = new Float64Array(64);
  #names = new Uint8Array(64);
  readonly #nameList: string[] = [];
  readonly #nameIds = new Map<string, number>();
  #length = 0;
  #size = 0;

  /** `reserved` event names always have room, however many others a producer uses. */
  constructor(reserved: string[] = []) {
    for (const name of reserved) this.#nameIds.set(name, this.#nameList.push(name) - 1);
  }

  /** Number of events. */
  get length(): number {
    return this.#length;
  }

  /** UTF-8 bytes of all data. */
  get dataBytes(): number {
    return this.#size;
  }

  /** Bytes allocated for the buffer: segments, offsets and name ids. */
  get allocated(): number {
    let bytes = this.#ends.byteLength + this.#names.byteLength;
    for (const segment of this.#segments) bytes += segment.byteLength;
    return bytes;
  }

  /**
   * Appends an event; `data` is its JSON text. Throws a TypeError past 256 distinct event names
   * (a task uses a handful: `meta`, `token`, `done`, `error` …), before anything changed.
   */
  push(event: string, data: string): void {
    let name = this.#nameIds.get(event);
    if (name === undefined) {
      if (this.#nameList.length === 256) {
        throw new TypeError("A task can use at most 256 different event names");
      }
      name = this.#nameList.push(event) - 1;
      this.#nameIds.set(event, name);
    }
    if (this.#length === this.#ends.length) {
      this.#ends = grow(this.#ends, new Float64Array(this.#ends.length * 2));
      this.#names = grow(this.#names, new Uint8Array(this.#names.length * 2));
    }
    let rest = data;
    while (rest) {
      const last = this.#segments.length - 1;
      const free = last < 0 ? undefined : this.#segments[last].subarray(this.#used[last]);
      const { read, written } = free ? encoder.encodeInto(rest, free) : { read: 0, written: 0 };
      if (written) {
        this.#used[last] += written;
        this.#size += written;
      }
      rest = read ? rest.slice(read) : rest;
      if (rest) this.#addSegment();
    }
    this.#ends[this.#length] = this.#size;
    this.#names[this.#length] = name;
    this.#length++;
  }

  /** The event name at `index` (which must exist). */
  eventAt(index: number): string {
    return this.#nameList[this.#names[index]];
  }

  /** The UTF-8 length of the data at `index`. */
  dataLength(index: number): number {
    return this.#ends[index] - this.#startOf(index);
  }

  /** Copies the data bytes `[from, to)` of the event at `index` into `target` at `at`. */
  copyData(index: number, from: number, to: number, target: Uint8Array, at: number): void {
    let pos = this.#startOf(index) + from;
    const end = this.#startOf(index) + to;
    let k = this.#segmentOf(pos);
    while (pos < end) {
      const local = pos - this.#bases[k];
      const n = Math.min(end - pos, this.#used[k] - local);
      const segment = this.#segments[k];
      // A token's few bytes are copied in place; a view to `set` from costs more than they do.
      if (n <= 64) { for (let i = 0; i < n; i++) target[at + i] = segment[local + i]; }
      else target.set(segment.subarray(local, local + n), at);
      at += n;
      pos += n;
      k++;
    }
  }

  /** The event at `index` with its data decoded, or undefined when it does not exist (yet). */
  chunkAt(index: number): Chunk | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#length) return undefined;
    const bytes = new Uint8Array(this.dataLength(index));
    this.copyData(index, 0, bytes.length, bytes, 0);
    return Object.freeze({ index, event: this.eventAt(index), data: decoder.decode(bytes) });
  }

  /** Gives back the room kept for more events: called once the task has ended. */
  seal(): void {
    const last = this.#segments.length - 1;
    if (last >= 0 && this.#used[last] < this.#segments[last].length) {
      this.#segments[last] = this.#segments[last].slice(0, this.#used[last]);
    }
    this.#ends = this.#ends.slice(0, this.#length);
    this.#names = this.#names.slice(0, this.#length);
  }

  #startOf(index: number): number {
    return index === 0 ? 0 : this.#ends[index - 1];
  }

  /** The segment holding data byte `pos` (which must exist): a binary search over the bases. */
  #segmentOf(pos: number): number {
    let lo = 0;
    let hi = this.#segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#bases[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    // Skip segments that a character did not fit into the end of, left with nothing past `pos`.
    while (pos >= this.#bases[lo] + this.#used[lo]) lo++;
    return lo;
  }

  /** A new segment, twice the last one: 1 KiB for a small task, up to 64 KiB for a big one. */
  #addSegment(): void {
    const last = this.#segments.at(-1)?.length ?? 0;
    const size = Math.min(MAX_SEGMENT, Math.max(MIN_SEGMENT, last * 2));
    this.#bases.push(this.#size);
    this.#used.push(0);
    this.#segments.push(new Uint8Array(size));
  }
}

function grow<T extends Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * Row ids: UUIDv7, random but ordered by creation time, so "newest first" stays stable when two
 * rows share a millisecond and ids work as pagination tie-breakers.
 */

let lastMs = 0;
let counter = 0;

/** A new UUIDv7 (RFC 9562), strictly increasing within this process. */
export function newId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    // Same (or a backwards) millisecond: count up in the 12 "rand_a" bits to keep order.
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    counter = 0;
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  for (let i = 0; i < 6; i++) bytes[i] = Math.floor(ms / 2 ** (8 * (5 - i))) & 0xff;
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toHex();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
    hex.slice(20)
  }`;
}

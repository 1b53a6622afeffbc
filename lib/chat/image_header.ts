/**
 * What a photo is, read from its first bytes: the type by its magic bytes (never by what the
 * upload claims) and its size in pixels from the header (JPEG's SOF segment, PNG's IHDR chunk,
 * WebP's VP8, VP8L or VP8X chunk). Nothing is decoded: the server has no image library, so
 * this is how it refuses what is not a JPEG, PNG or WebP picture of a sane size.
 */

/** The image types chat accepts. */
export type ImageMime = "image/jpeg" | "image/png" | "image/webp";

/** The image types chat accepts, as a list. */
export const IMAGE_MIMES: readonly ImageMime[] = ["image/jpeg", "image/png", "image/webp"];

/** A recognised image header. */
export interface ImageHeader {
  mime: ImageMime;
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const u16le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u24le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
const u32be = (b: Uint8Array, at: number) =>
  ((b[at] << 24) >>> 0) + u16be(b, at + 1) * 256 + b[at + 3];
const ascii = (b: Uint8Array, at: number, n: number) =>
  String.fromCharCode(...b.subarray(at, at + n));

/** The JPEG's frame size: the first SOF segment before the scan starts. */
function jpeg(b: Uint8Array): ImageHeader | null {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    let marker = b[at + 1];
    // Any number of 0xFF fill bytes may precede a marker.
    while (marker === 0xff && at + 2 < b.length) marker = b[++at + 1];
    // Markers without a length: TEM and the restart markers.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    // The end, or the scan data, before any frame header: no size to be had.
    if (marker === 0xd9 || marker === 0xda) return null;
    const length = u16be(b, at + 2);
    if (length < 2) return null;
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    const sof = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (sof) {
      if (at + 9 > b.length) return null;
      return { mime: "image/jpeg", height: u16be(b, at + 5), width: u16be(b, at + 7) };
    }
    at += 2 + length;
  }
  return null;
}

/** The PNG's size: the IHDR chunk, which must come first. */
function png(b: Uint8Array): ImageHeader | null {
  if (b.length < 24 || ascii(b, 12, 4) !== "IHDR") return null;
  return { mime: "image/png", width: u32be(b, 16), height: u32be(b, 20) };
}

/** The WebP's size, from its first chunk: lossy (VP8), lossless (VP8L) or extended (VP8X). */
function webp(b: Uint8Array): ImageHeader | null {
  if (b.length < 30) return null;
  const chunk = ascii(b, 12, 4);
  if (chunk === "VP8 ") {
    // A key frame's start code, then 14-bit width and height (2 bits of scale above them).
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
    return { mime: "image/webp", width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (chunk === "VP8L") {
    if (b[20] !== 0x2f) return null;
    const bits = (b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24)) >>> 0;
    return { mime: "image/webp", width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8X") {
    return { mime: "image/webp", width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  return null;
}

/**
 * The type and pixel size of `bytes` when they start like a JPEG, PNG or WebP with a readable
 * size; null otherwise (another format, a damaged or cut-off header, a zero size).
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const b = bytes;
  let header: ImageHeader | null = null;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) header = jpeg(b);
  else if (b.length >= 8 && ascii(b, 0, 8) === "\x89PNG\r\n\x1a\n") header = png(b);
  else if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") {
    header = webp(b);
  }
  return header && header.width > 0 && header.height > 0 ? header : null;
}

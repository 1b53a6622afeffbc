/** Byte counting for the stream caps (SPEC §13). */

/** UTF-8 byte length without allocating an encoded copy (emit is the hot path). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      i++; // a surrogate pair: 2 UTF-16 units, 4 UTF-8 bytes
      bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * Which addresses the agent's fetch tool may reach (SPEC §10): public unicast only. A page the
 * model asks for must never reach the box itself, the LAN (the router, the NAS, Ollama), the
 * cloud's metadata service or anything else an outsider could not, whatever form the address
 * takes: decimal (`2130706433`), octal (`0177.0.0.1`), hex (`0x7f.1`) or short (`127.1`) IPv4,
 * IPv4 inside IPv6 (mapped, compatible, NAT64, 6to4, Teredo), or a name that resolves to one.
 *
 * IPv6 is public only inside global unicast (2000::/3) minus its special ranges; an IPv6 form
 * that carries an IPv4 address (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, 6to4
 * `2002:AABB:CCDD::`, Teredo) is public only if every IPv4 address inside it is. The local-use
 * NAT64 prefix 64:ff9b:1::/48 is refused whole: where its IPv4 sits depends on the network's
 * prefix length, so it cannot be checked, and it is never global.
 */

/** A host as a URL or the resolver gives it: an IP address (canonical text) or a name. */
export type Host =
  | { kind: "ipv4"; address: string; bytes: Uint8Array }
  | { kind: "ipv6"; address: string; bytes: Uint8Array }
  | { kind: "name"; name: string };

/**
 * Reads a host: `[v6]`, an IPv4 address in any form the WHATWG URL parser accepts (`127.1`,
 * `0x7f.0.0.1`, `017700000001`, `2130706433`, a trailing dot), or a name (lowercased, the
 * trailing dot dropped). Null for what is neither: a dotted name ending in a number that is no
 * valid IPv4 address (`1.2.3.4.5`, `09.0.0.1`), an IPv6 literal that does not parse (a zone id
 * included), or an empty host.
 */
export function parseHost(host: string): Host | null {
  let h = host.trim().toLowerCase();
  if (h.startsWith("[") || h.includes(":")) {
    h = h.replace(/^\[(.*)\]$/, "$1");
    const bytes = parseIPv6(h);
    return bytes ? { kind: "ipv6", address: formatIPv6(bytes), bytes } : null;
  }
  if (!h) return null;
  const parts = h.split(".");
  if (parts.length > 1 && parts.at(-1) === "") parts.pop();
  const last = parts.at(-1)!;
  // WHATWG: a host whose last label is a number is an IPv4 address or nothing.
  if (/^(\d+|0x[0-9a-f]*)$/.test(last)) {
    const n = parseIPv4Parts(parts);
    if (n === null) return null;
    const bytes = new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
    return { kind: "ipv4", address: bytes.join("."), bytes };
  }
  if (parts.some((p) => p === "")) return null;
  return { kind: "name", name: parts.join(".") };
}

/** WHATWG "IPv4 parser": 1 to 4 numbers (decimal, 0-octal, 0x-hex), the last fills the rest. */
function parseIPv4Parts(parts: string[]): number | null {
  if (parts.length > 4) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    let radix = 10;
    let digits = part;
    if (/^0x/.test(part)) {
      radix = 16;
      digits = part.slice(2);
    } else if (part.length > 1 && part.startsWith("0")) {
      radix = 8;
      digits = part.slice(1);
    }
    const valid = radix === 16 ? /^[0-9a-f]*$/ : radix === 8 ? /^[0-7]+$/ : /^\d+$/;
    if (!valid.test(digits)) return null;
    // Precision lost past 2^53 still leaves the number too large, which is all that matters.
    numbers.push(digits === "" ? 0 : parseInt(digits, radix));
  }
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255)) return null;
  if (last >= 256 ** (4 - numbers.length)) return null;
  let value = last;
  numbers.forEach((n, i) => (value += n * 256 ** (3 - i)));
  return value;
}

/** The strict dotted-quad IPv4 form (the tail of an IPv6 literal), as bytes. */
function parseDottedQuad(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^(0|[1-9]\d{0,2})$/.test(p) ? Number(p) : 256));
  return bytes.every((b) => b <= 255) ? bytes : null;
}

/** An IPv6 literal (`::` compression, an IPv4 tail), as 16 bytes; null if it is not one. */
export function parseIPv6(text: string): Uint8Array | null {
  if (!/^[0-9a-f:.]+$/i.test(text)) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === "") return [];
    const out: number[] = [];
    const pieces = half.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (piece.includes(".")) {
        if (i !== pieces.length - 1) return null;
        const quad = parseDottedQuad(piece);
        if (!quad) return null;
        out.push((quad[0] << 8) | quad[1], (quad[2] << 8) | quad[3]);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return null;
  // An IPv4 tail may only end the address.
  if (halves.length === 2 && halves[0].includes(".")) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 255;
  });
  return bytes;
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run of 2+ zero groups as `::`. */
function formatIPv6(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

/** [first address, prefix length] of every IPv4 range that is not public unicast. */
const V4_BLOCKED: [string, number][] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata at 169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation (TEST-NET-1)
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation (TEST-NET-2)
  ["203.0.113.0", 24], // documentation (TEST-NET-3)
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
];

const V4_RANGES = V4_BLOCKED.map(([first, bits]) => {
  const b = parseDottedQuad(first)!;
  return { base: ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0, bits };
});

function publicV4(b: ArrayLike<number>): boolean {
  const n = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
  return !V4_RANGES.some(({ base, bits }) => (n >>> (32 - bits)) === (base >>> (32 - bits)));
}

/** Whether the first `bits` bits of `bytes` are those of `prefix` (given as 16-bit groups). */
function inV6(bytes: Uint8Array, prefix: number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const group = prefix[i >> 4] ?? 0;
    const want = (group >> (15 - (i & 15))) & 1;
    const have = (bytes[i >> 3] >> (7 - (i & 7))) & 1;
    if (want !== have) return false;
  }
  return true;
}

function publicV6(b: Uint8Array): boolean {
  // IPv4-mapped ::ffff:0:0/96: the IPv4 address is what is reached.
  if (inV6(b, [0, 0, 0, 0, 0, 0xffff], 96)) return publicV4(b.subarray(12));
  // NAT64 well-known prefix: reaches the embedded IPv4 address.
  if (inV6(b, [0x64, 0xff9b, 0, 0, 0, 0], 96)) return publicV4(b.subarray(12));
  // Outside global unicast: ::, ::1, IPv4-compatible ::/96, 64:ff9b:1::/48 (local NAT64),
  // 100::/64 (discard), fc00::/7 (unique local), fe80::/10 (link-local), fec0::/10, ff00::/8.
  if (!inV6(b, [0x2000], 3)) return false;
  // Teredo 2001::/32: the server's IPv4 address, and the client's (bits inverted).
  if (inV6(b, [0x2001, 0], 32)) {
    const client = Array.from(b.subarray(12), (x) => x ^ 0xff);
    return publicV4(b.subarray(4, 8)) && publicV4(client);
  }
  // The rest of 2001::/23: IETF protocol assignments (benchmarking 2001:2::/48, ORCHID…).
  if (inV6(b, [0x2001, 0], 23)) return false;
  if (inV6(b, [0x2001, 0x0db8], 32)) return false; // documentation
  if (inV6(b, [0x3fff, 0], 20)) return false; // documentation (RFC 9637)
  // 6to4 2002::/16: the IPv4 address in the next 32 bits.
  if (inV6(b, [0x2002], 16)) return publicV4(b.subarray(2, 6));
  return true;
}

/**
 * True only for a public unicast IP address (IPv4 in any form `parseHost` reads, or IPv6, with
 * or without brackets). False for every special range and for anything that is not an address
 * (a name, garbage, an IPv6 literal with a zone id).
 */
export function isPublicAddress(ip: string): boolean {
  const host = parseHost(ip);
  if (!host || host.kind === "name") return false;
  return host.kind === "ipv4" ? publicV4(host.bytes) : publicV6(host.bytes);
}

/** Names that are this machine whatever DNS says (RFC 6761): `localhost` and `*.localhost`. */
export function isLocalName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, "");
  return n === "localhost" || n.endsWith(".localhost");
}

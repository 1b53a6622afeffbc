/**
 * Web Push's two pieces of cryptography, on WebCrypto (no npm package): the message encryption
 * of RFC 8291 (`aes128gcm`, RFC 8188) and the VAPID signature of RFC 8292 (an ES256 JWT).
 * `web-push` does the same on node's crypto and works under Deno, but brings 16 packages
 * (https-proxy-agent, asn1.js, bn.js, …) for these ~150 lines, and its sending (node `https`) is
 * not Hearth's `upstreamFetch`, so only these parts of it could be used anyway.
 */
import { concatBytes } from "../bytes.ts";

const encoder = new TextEncoder();

/** base64url without padding, as Web Push writes keys. */
export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Decodes base64url (padding optional); throws a TypeError for anything else. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) throw new TypeError("not base64url");
  const plain = text.replace(/=+$/, "").replaceAll("-", "+").replaceAll("_", "/");
  const binary = atob(plain + "=".repeat((4 - plain.length % 4) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function hkdf(
  salt: Uint8Array<ArrayBuffer>,
  ikm: Uint8Array<ArrayBuffer>,
  info: Uint8Array<ArrayBuffer>,
  bytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt, info },
    key,
    bytes * 8,
  );
  return new Uint8Array(bits);
}

/** A browser's subscription keys: its P-256 public key (65 bytes) and auth secret (16 bytes). */
export interface ClientKeys {
  p256dh: Uint8Array<ArrayBuffer>;
  auth: Uint8Array<ArrayBuffer>;
}

/** The record size of the single record Hearth sends (RFC 8188 `rs`). */
export const RECORD_SIZE = 4096;

/**
 * The keys of one message (RFC 8291 §3.4): from the ECDH secret of the sender's key pair and the
 * receiver's public key, the receiver's auth secret, and the salt. Shared by the encryption and by
 * the test push service that decrypts.
 */
export async function messageKeys(
  ecdhSecret: Uint8Array<ArrayBuffer>,
  auth: Uint8Array<ArrayBuffer>,
  receiverPublic: Uint8Array<ArrayBuffer>,
  senderPublic: Uint8Array<ArrayBuffer>,
  salt: Uint8Array<ArrayBuffer>,
): Promise<{ cek: Uint8Array<ArrayBuffer>; nonce: Uint8Array<ArrayBuffer> }> {
  const keyInfo = concatBytes(encoder.encode("WebPush: info\0"), receiverPublic, senderPublic);
  const ikm = await hkdf(auth, ecdhSecret, keyInfo, 32);
  const cek = await hkdf(salt, ikm, encoder.encode("Content-Encoding: aes128gcm\0"), 16);
  const nonce = await hkdf(salt, ikm, encoder.encode("Content-Encoding: nonce\0"), 12);
  return { cek, nonce };
}

/**
 * Encrypts `payload` for a subscription as one `aes128gcm` record: the header (salt, record
 * size, the sender's ephemeral public key) then the ciphertext of the payload and its `0x02`
 * padding delimiter. The payload must fit one record (Hearth's are a few hundred bytes).
 */
export async function encryptPayload(
  client: ClientKeys,
  payload: Uint8Array<ArrayBuffer>,
  /** The sender's key pair and the salt, fixed only to check RFC 8291's example. */
  fixed: { sender?: CryptoKeyPair; salt?: Uint8Array<ArrayBuffer> } = {},
): Promise<Uint8Array<ArrayBuffer>> {
  if (payload.length + 17 > RECORD_SIZE) throw new RangeError("push payload too large");
  const sender = fixed.sender ??
    await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, [
      "deriveBits",
    ]) as CryptoKeyPair;
  const senderPublic = new Uint8Array(await crypto.subtle.exportKey("raw", sender.publicKey));
  const receiver = await crypto.subtle.importKey(
    "raw",
    client.p256dh,
    { name: "ECDH", namedCurve: "P-256" },
    false,
    [],
  );
  const secret = new Uint8Array(
    await crypto.subtle.deriveBits({ name: "ECDH", public: receiver }, sender.privateKey, 256),
  );
  const salt = fixed.salt ?? crypto.getRandomValues(new Uint8Array(16));
  const { cek, nonce } = await messageKeys(secret, client.auth, client.p256dh, senderPublic, salt);
  const aes = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["encrypt"]);
  const cipher = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv: nonce },
      aes,
      concatBytes(payload, new Uint8Array([2])),
    ),
  );
  const header = new Uint8Array(21 + senderPublic.length);
  header.set(salt, 0);
  new DataView(header.buffer).setUint32(16, RECORD_SIZE);
  header[20] = senderPublic.length;
  header.set(senderPublic, 21);
  return concatBytes(header, cipher);
}

/** The server's VAPID key pair: the private key as a JWK, the public one raw (65 bytes). */
export interface VapidKeys {
  privateJwk: JsonWebKey;
  publicKey: Uint8Array<ArrayBuffer>;
}

/** A new VAPID key pair (P-256). */
export async function generateVapidKeys(): Promise<VapidKeys> {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  return {
    privateJwk: await crypto.subtle.exportKey("jwk", pair.privateKey),
    publicKey: new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey)),
  };
}

/** How long a VAPID token is valid (RFC 8292 allows at most 24 hours). */
export const VAPID_TTL_S = 12 * 60 * 60;

/**
 * The `Authorization` header for a push to `endpoint` (RFC 8292 §3): `vapid t=<JWT>, k=<key>`,
 * the JWT signed with ES256 for the endpoint's origin, valid for `VAPID_TTL_S`.
 */
export async function vapidAuthorization(
  endpoint: URL,
  keys: VapidKeys,
  subject: string,
  nowMs: number,
): Promise<string> {
  const part = (value: unknown) => base64url(encoder.encode(JSON.stringify(value)));
  const claims = {
    aud: endpoint.origin,
    exp: Math.floor(nowMs / 1000) + VAPID_TTL_S,
    sub: subject,
  };
  const unsigned = `${part({ typ: "JWT", alg: "ES256" })}.${part(claims)}`;
  const key = await crypto.subtle.importKey(
    "jwk",
    keys.privateJwk,
    { name: "ECDSA", namedCurve: "P-256" },
    false,
    ["sign"],
  );
  // WebCrypto signs as r || s (64 bytes), which is exactly JWS's ES256 form.
  const signature = new Uint8Array(
    await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, encoder.encode(unsigned)),
  );
  return `vapid t=${unsigned}.${base64url(signature)}, k=${base64url(keys.publicKey)}`;
}

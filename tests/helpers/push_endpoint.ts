/**
 * A push service for tests: an HTTP server on a free loopback port that accepts Web Push
 * messages as FCM, Mozilla's autopush or Apple's would, checks what they check and decrypts
 * what only the browser could. Each subscription it hands out has its own P-256 key pair and
 * auth secret, made here (the browser's part), so a message is decrypted per RFC 8291
 * (`aes128gcm`) and its VAPID JWT verified (RFC 8292: ES256 with the key in `k=`, `aud` the
 * endpoint's origin, `exp` at most 24 h ahead, a `sub`). A subscription can be told to answer
 * 404 or 410 (gone), as a push service does for an unsubscribed browser.
 */
import { base64url, fromBase64url, messageKeys } from "../../lib/push/crypto.ts";

/** A subscription as the browser's `PushSubscription.toJSON()` gives it. */
export interface SubscriptionJson {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** One message the service received, decrypted and checked. */
export interface ReceivedPush {
  /** The subscription's id (the last part of its endpoint path). */
  id: string;
  headers: Headers;
  /** The decrypted payload, parsed as JSON. */
  json: unknown;
  /** The VAPID JWT's claims. */
  claims: { aud: string; exp: number; sub: string };
  /** The VAPID public key (`k=`), base64url. */
  vapidKey: string;
}

/** The test push service; `await using` closes it. */
export interface PushEndpoint extends AsyncDisposable {
  url: string;
  /** A new subscription (its keys made here), as the browser would send it to Hearth. */
  subscribe(): Promise<SubscriptionJson>;
  /** Makes a subscription answer `status` (404, 410, 500 …) from now on. */
  answer(subscription: SubscriptionJson, status: number): void;
  /** Every message accepted (201), in order. */
  received: ReceivedPush[];
  /** Requests refused, with why (a bad JWT, a wrong header, an unknown subscription …). */
  refused: { id: string; status: number; reason: string }[];
  /** Resolves with the next accepted message or refusal. */
  next(): Promise<void>;
  close(): Promise<void>;
}

interface Keys {
  pair: CryptoKeyPair;
  publicRaw: Uint8Array<ArrayBuffer>;
  auth: Uint8Array<ArrayBuffer>;
  status: number;
}

const decoder = new TextDecoder();

async function verifyVapid(header: string | null, endpointOrigin: string, nowS: number) {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header ?? "");
  if (!match) throw new Error(`Authorization is not "vapid t=…, k=…": ${header}`);
  const [, jwt, k] = match;
  const [head, body, signature] = jwt.split(".");
  const key = await crypto.subtle.importKey(
    "raw",
    fromBase64url(k),
    { name: "ECDSA", namedCurve: "P-256" },
    false,
    ["verify"],
  );
  const ok = await crypto.subtle.verify(
    { name: "ECDSA", hash: "SHA-256" },
    key,
    fromBase64url(signature),
    new TextEncoder().encode(`${head}.${body}`),
  );
  if (!ok) throw new Error("the VAPID signature does not verify with k");
  const header0 = JSON.parse(decoder.decode(fromBase64url(head)));
  if (header0.alg !== "ES256") throw new Error(`JWT alg ${header0.alg}`);
  const claims = JSON.parse(decoder.decode(fromBase64url(body)));
  if (claims.aud !== endpointOrigin) throw new Error(`aud ${claims.aud} is not ${endpointOrigin}`);
  if (typeof claims.exp !== "number" || claims.exp <= nowS || claims.exp > nowS + 24 * 3600) {
    throw new Error(`exp ${claims.exp} is not within 24 h of ${nowS}`);
  }
  if (!/^(mailto:|https:)/.test(claims.sub ?? "")) throw new Error(`sub ${claims.sub}`);
  return { claims, vapidKey: k };
}

async function decrypt(keys: Keys, body: Uint8Array<ArrayBuffer>): Promise<unknown> {
  const salt = body.slice(0, 16);
  const rs = new DataView(body.buffer, body.byteOffset).getUint32(16);
  const idLength = body[20];
  const senderPublic = body.slice(21, 21 + idLength);
  const cipher = body.slice(21 + idLength);
  if (cipher.length > rs) throw new Error("more than one record");
  const sender = await crypto.subtle.importKey(
    "raw",
    senderPublic,
    { name: "ECDH", namedCurve: "P-256" },
    false,
    [],
  );
  const secret = new Uint8Array(
    await crypto.subtle.deriveBits({ name: "ECDH", public: sender }, keys.pair.privateKey, 256),
  );
  const { cek, nonce } = await messageKeys(secret, keys.auth, keys.publicRaw, senderPublic, salt);
  const aes = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["decrypt"]);
  const plain = new Uint8Array(
    await crypto.subtle.decrypt({ name: "AES-GCM", iv: nonce }, aes, cipher),
  );
  // The last record ends with 0x02, then zero padding.
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error("no last-record delimiter");
  return JSON.parse(decoder.decode(plain.subarray(0, end)));
}

/** Starts the test push service. */
export function startPushEndpoint(): PushEndpoint {
  const subs = new Map<string, Keys>();
  const received: ReceivedPush[] = [];
  const refused: PushEndpoint["refused"] = [];
  let waiters: (() => void)[] = [];
  const wake = () => {
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve();
  };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const id = url.pathname.split("/").at(-1) ?? "";
    const keys = subs.get(id);
    const refuse = (status: number, reason: string) => {
      refused.push({ id, status, reason });
      wake();
      // A redirect points somewhere Hearth must not go.
      const headers = status >= 300 && status < 400
        ? { location: "http://127.0.0.1:9/elsewhere" }
        : undefined;
      return new Response(reason, { status, headers });
    };
    if (req.method !== "POST") return refuse(405, "POST only");
    if (!keys) return refuse(404, "no such subscription");
    if (keys.status !== 201) return refuse(keys.status, "told to");
    const body = new Uint8Array(await req.arrayBuffer());
    try {
      if (req.headers.get("content-encoding") !== "aes128gcm") throw new Error("Content-Encoding");
      const ttl = req.headers.get("ttl");
      if (!ttl || !/^\d+$/.test(ttl)) throw new Error(`TTL ${ttl}`);
      const urgency = req.headers.get("urgency");
      if (urgency && !["very-low", "low", "normal", "high"].includes(urgency)) {
        throw new Error(`Urgency ${urgency}`);
      }
      const { claims, vapidKey } = await verifyVapid(
        req.headers.get("authorization"),
        url.origin,
        Math.floor(Date.now() / 1000),
      );
      const json = await decrypt(keys, body);
      received.push({ id, headers: req.headers, json, claims, vapidKey });
      wake();
      return new Response(null, { status: 201 });
    } catch (err) {
      return refuse(400, String((err as Error).message ?? err));
    }
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  return {
    url,
    received,
    refused,
    async subscribe() {
      const pair = await crypto.subtle.generateKey(
        { name: "ECDH", namedCurve: "P-256" },
        true,
        ["deriveBits"],
      ) as CryptoKeyPair;
      const publicRaw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
      const auth = crypto.getRandomValues(new Uint8Array(16));
      const id = crypto.randomUUID();
      subs.set(id, { pair, publicRaw, auth, status: 201 });
      return {
        endpoint: `${url}/push/${id}`,
        keys: { p256dh: base64url(publicRaw), auth: base64url(auth) },
      };
    },
    answer(subscription, status) {
      const keys = subs.get(subscription.endpoint.split("/").at(-1) ?? "");
      if (keys) keys.status = status;
    },
    next: () => new Promise((resolve) => waiters.push(resolve)),
    close: () => server.shutdown(),
    [Symbol.asyncDispose]() {
      return server.shutdown();
    },
  };
}

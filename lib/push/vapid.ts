/**
 * The server's VAPID key pair, made once and kept in `push-vapid.json` in the data folder
 * (0600, like every Hearth file): the private key never leaves it but to sign, is never sent nor
 * logged (its field, `privateKey`, is one `lib/config/redact.ts` hides). Deleting the file makes
 * a new pair; browsers subscribed with the old public key then have to subscribe again.
 */
import { writeFileAtomic } from "../config/atomic.ts";
import { privateFile } from "../config/private.ts";
import { base64url, fromBase64url, generateVapidKeys, type VapidKeys } from "./crypto.ts";

/** The loaded identity. */
export interface Vapid {
  keys: VapidKeys;
  publicKeyText: string;
  subject: string;
}

/** The file name under the data folder. */
export const VAPID_FILE = "push-vapid.json";

/**
 * The subject push services may contact the box's owner at: `HEARTH_PUSH_SUBJECT` (a `mailto:`
 * or `https:` URL), else `mailto:hearth@<host name>.local`.
 */
export function pushSubject(env: Record<string, string | undefined>, hostname: string): string {
  const given = env.HEARTH_PUSH_SUBJECT?.trim();
  if (given && /^(mailto:\S+@\S+|https:\/\/\S+)$/.test(given)) return given;
  const host = hostname.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") ||
    "hearth";
  return `mailto:hearth@${host}.local`;
}

/** Loads the key pair from `path`, or makes and stores one; loaded once. */
export class VapidStore {
  #loading: Promise<Vapid> | null = null;

  constructor(readonly path: string, readonly subject: string) {}

  /** The identity (made on first use). */
  get(): Promise<Vapid> {
    this.#loading ??= this.#load().catch((err) => {
      this.#loading = null;
      throw err;
    });
    return this.#loading;
  }

  async #load(): Promise<Vapid> {
    let keys: VapidKeys;
    try {
      const stored = JSON.parse(await Deno.readTextFile(this.path));
      keys = { privateJwk: stored.privateKey, publicKey: fromBase64url(stored.publicKey) };
      await privateFile(this.path);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
      keys = await generateVapidKeys();
      const file = { publicKey: base64url(keys.publicKey), privateKey: keys.privateJwk };
      await writeFileAtomic(this.path, JSON.stringify(file, null, 2) + "\n");
    }
    return { keys, publicKeyText: base64url(keys.publicKey), subject: this.subject };
  }
}

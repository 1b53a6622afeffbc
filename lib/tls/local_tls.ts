/**
 * The box's HTTPS material on disk, under the config folder's `tls/` (0700, every file 0600):
 * the CA (`ca.crt`, `ca.key`), created once, and the server certificate it signs (`server.crt`,
 * `server.key`), renewed when it nears its end or the box's addresses or names change. The CA key
 * never leaves this folder: the trust page serves `ca.crt` only.
 */
import { writeFileAtomic } from "../config/atomic.ts";
import { privateFile } from "../config/private.ts";
import { lanAddresses, machineHostname } from "../http/network.ts";
import {
  type CertFacts,
  certFacts,
  type CertNames,
  type CertPair,
  createCa,
  createServerCert,
  RENEW_DAYS,
  renewalReason,
  signedBy,
} from "./certs.ts";

const DNS_NAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The names the server certificate is for: loopback, the box's LAN addresses, its host name and
 * `<hostname>.local` (mDNS), and the admin's `server.allowedHosts`: the Host allow-list's names.
 */
export function boxNames(allowedHosts: string[] = []): CertNames {
  const dns = new Set(["localhost"]);
  const ips = new Set(["127.0.0.1", "::1", ...lanAddresses().map((a) => a.address)]);
  const host = machineHostname()?.toLowerCase();
  if (host && DNS_NAME.test(host)) {
    dns.add(host);
    if (!host.endsWith(".local")) dns.add(`${host.split(".")[0]}.local`);
  }
  for (const h of allowedHosts) {
    const name = h.replace(/^\[|\]$/g, "").toLowerCase();
    if (IPV4.test(name) || name.includes(":")) ips.add(name);
    else if (DNS_NAME.test(name)) dns.add(name);
  }
  return { dns: [...dns], ips: [...ips] };
}

/** The CA and the server certificate in use. */
export interface TlsMaterial {
  ca: CertPair & { facts: CertFacts };
  server: CertPair & { facts: CertFacts };
}

/** Options for `LocalTls`. */
export interface LocalTlsOptions {
  /** The folder for the files (`<config folder>/tls`). */
  dir: string;
  /** The clock (epoch ms): `services.now`, so tests move it. */
  now: () => number;
  /** The names the certificate must carry now (default: `boxNames()`). */
  names?: () => CertNames;
  /** Told why a certificate was made. */
  log?: (message: string, fields: Record<string, unknown>) => void;
}

async function readPair(certFile: string, keyFile: string): Promise<CertPair | null> {
  try {
    return { certPem: await Deno.readTextFile(certFile), keyPem: await Deno.readTextFile(keyFile) };
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

/** Reads the CA certificate alone, if there is one (for `hearth doctor` and the trust page). */
export async function readCaCert(dir: string): Promise<{ pem: string; facts: CertFacts } | null> {
  try {
    const pem = await Deno.readTextFile(`${dir}/ca.crt`);
    return { pem, facts: await certFacts(pem) };
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

/** Keeps a CA and a current server certificate on disk. */
export class LocalTls {
  #options: LocalTlsOptions;
  #material: TlsMaterial | null = null;
  #running: Promise<boolean> | null = null;

  constructor(options: LocalTlsOptions) {
    this.#options = options;
  }

  /** The folder the files live in. */
  get dir(): string {
    return this.#options.dir;
  }

  /** The material in use, once `refresh` has run. */
  get material(): TlsMaterial | null {
    return this.#material;
  }

  /**
   * Creates the CA if there is none and a server certificate if the one on disk is missing, not
   * the CA's, near its end or for other names. Returns whether the server certificate changed.
   * Calls never overlap: a second waits for the first.
   */
  refresh(): Promise<boolean> {
    const run = async () => {
      try {
        return await this.#refresh();
      } finally {
        this.#running = null;
      }
    };
    this.#running ??= run();
    return this.#running;
  }

  async #refresh(): Promise<boolean> {
    const { dir, now: clock } = this.#options;
    const log = this.#options.log ?? (() => {});
    const now = clock();
    const files = {
      caCert: `${dir}/ca.crt`,
      caKey: `${dir}/ca.key`,
      cert: `${dir}/server.crt`,
      key: `${dir}/server.key`,
    };
    let ca = await readPair(files.caCert, files.caKey);
    let caFacts = ca ? await certFacts(ca.certPem) : null;
    if (!ca || !caFacts || caFacts.notAfter <= now) {
      // A new CA must be trusted anew on every device: only when there is none or it ended.
      ca = await createCa(now, machineHostname() ?? "Hearth");
      await writeFileAtomic(files.caKey, ca.keyPem);
      await writeFileAtomic(files.caCert, ca.certPem);
      caFacts = await certFacts(ca.certPem);
      log("created a local certificate authority", { fingerprint: caFacts.fingerprint });
    }
    await privateFile(files.caKey);
    const names = (this.#options.names ?? boxNames)();
    let server = await readPair(files.cert, files.key);
    let facts = server ? await certFacts(server.certPem) : null;
    const reason = !server || !facts
      ? "none yet"
      : !(await signedBy(server.certPem, ca.certPem))
      ? "not signed by the CA"
      : renewalReason(facts, names, now);
    if (reason) {
      server = await createServerCert(ca, names, now);
      await writeFileAtomic(files.key, server.keyPem);
      await writeFileAtomic(files.cert, server.certPem);
      facts = await certFacts(server.certPem);
      log("created a server certificate", {
        reason,
        names: [...facts.names.dns, ...facts.names.ips],
        expires: new Date(facts.notAfter).toISOString(),
        renewsAfterDays: RENEW_DAYS,
      });
    }
    const changed = !this.#material || reason !== null;
    this.#material = {
      ca: { ...ca, facts: caFacts },
      server: { ...server!, facts: facts! },
    };
    return changed;
  }
}

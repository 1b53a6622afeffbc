/**
 * Hearth's own certificate authority and the server certificate it signs, built with
 * `@peculiar/x509` over WebCrypto (no hand-built DER).
 *
 * Keys are ECDSA P-256 with SHA-256: rustls (Deno's TLS) serves them, and Android, iOS, macOS,
 * Windows and Firefox accept them as a trusted root. The CA lives ten years (a person trusts it
 * once per device); the server certificate 90 days, well under the 398 days Apple's platforms
 * accept for a server certificate, and is renewed 30 days before it ends.
 */
import type * as X509 from "@peculiar/x509";
import { lazy } from "../async.ts";

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY = 86_400_000;
/** How long the CA is valid. */
export const CA_DAYS = 3650;
/** How long a server certificate is valid. */
export const CERT_DAYS = 90;
/** A server certificate is renewed when less than this is left. */
export const RENEW_DAYS = 30;
/** Back-dated by an hour, so a phone whose clock is a little behind accepts a new certificate. */
const SKEW_MS = 3_600_000;

/**
 * `@peculiar/x509`, loaded on first use: with its ASN.1 packages it holds ~18 MiB, and a box on
 * plain HTTP never needs it.
 */
const loadX509 = lazy(async () => {
  await import("reflect-metadata"); // Its dependency injection needs this before it loads.
  const x509: typeof X509 = await import("@peculiar/x509");
  x509.cryptoProvider.set(crypto);
  return x509;
});

/** The names a server certificate is for: DNS names and IP addresses. */
export interface CertNames {
  dns: string[];
  ips: string[];
}

/** A certificate with its private key, both PEM. */
export interface CertPair {
  certPem: string;
  keyPem: string;
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = btoa(String.fromCharCode(...new Uint8Array(der)));
  return `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g)!.join("\n")}\n-----END ${label}-----\n`;
}

async function newKeys(): Promise<CryptoKeyPair> {
  return await crypto.subtle.generateKey(ALG, true, ["sign", "verify"]) as CryptoKeyPair;
}

async function keyPem(key: CryptoKey): Promise<string> {
  return pem("PRIVATE KEY", await crypto.subtle.exportKey("pkcs8", key));
}

async function importKey(keyPem: string): Promise<CryptoKey> {
  const b64 = keyPem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const der = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return await crypto.subtle.importKey("pkcs8", der, ALG, false, ["sign"]);
}

/** 16 random bytes, first bit clear so the serial number is positive (RFC 5280). */
function serial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01;
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Sorted, lower-cased, without duplicates: what two name lists are compared as. */
export function normalizeNames(names: CertNames): CertNames {
  const clean = (list: string[]) => [...new Set(list.map((n) => n.toLowerCase()))].sort();
  return { dns: clean(names.dns), ips: clean(names.ips) };
}

/** A new CA named after the box, valid `CA_DAYS` from `now`. */
export async function createCa(now: number, box = "Hearth"): Promise<CertPair> {
  const x509 = await loadX509();
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: [{ CN: [`Hearth local CA (${box})`] }, { O: ["Hearth"] }],
    notBefore: new Date(now - SKEW_MS),
    notAfter: new Date(now + CA_DAYS * DAY),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      // A CA that may sign server certificates only, not further CAs.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign |
          x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString("pem") + "\n", keyPem: await keyPem(keys.privateKey) };
}

/** A server certificate for `names`, signed by `ca`, valid `CERT_DAYS` from `now`. */
export async function createServerCert(
  ca: CertPair,
  names: CertNames,
  now: number,
): Promise<CertPair> {
  const x509 = await loadX509();
  const caCert = new x509.X509Certificate(ca.certPem);
  const keys = await newKeys();
  const { dns, ips } = normalizeNames(names);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: [{ CN: [dns[0] ?? ips[0] ?? "hearth"] }, { O: ["Hearth"] }],
    issuer: caCert.subjectName,
    notBefore: new Date(now - SKEW_MS),
    notAfter: new Date(now + CERT_DAYS * DAY),
    publicKey: keys.publicKey,
    signingKey: await importKey(ca.keyPem),
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([
        ...dns.map((value) => ({ type: "dns" as const, value })),
        ...ips.map((value) => ({ type: "ip" as const, value })),
      ], false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { certPem: cert.toString("pem") + "\n", keyPem: await keyPem(keys.privateKey) };
}

/** What a certificate says about itself, as the renewal check and `hearth doctor` need it. */
export interface CertFacts {
  notBefore: number;
  notAfter: number;
  names: CertNames;
  /** SHA-256 of the DER, upper-case hex in colon-separated pairs (as phones show it). */
  fingerprint: string;
  der: Uint8Array<ArrayBuffer>;
}

/** Reads a PEM certificate. */
export async function certFacts(certPem: string): Promise<CertFacts> {
  const x509 = await loadX509();
  const cert = new x509.X509Certificate(certPem);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const entries = san?.names.items ?? [];
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", cert.rawData));
  return {
    notBefore: cert.notBefore.getTime(),
    notAfter: cert.notAfter.getTime(),
    names: normalizeNames({
      dns: entries.filter((n) => n.type === "dns").map((n) => n.value),
      ips: entries.filter((n) => n.type === "ip").map((n) => n.value),
    }),
    fingerprint: Array.from(digest, (b) => b.toString(16).padStart(2, "0").toUpperCase()).join(
      ":",
    ),
    der: new Uint8Array(cert.rawData),
  };
}

/** Whether `certPem` was signed by `caPem`'s key. */
export async function signedBy(certPem: string, caPem: string): Promise<boolean> {
  const x509 = await loadX509();
  const ca = new x509.X509Certificate(caPem);
  const cert = new x509.X509Certificate(certPem);
  if (cert.issuer !== ca.subject) return false;
  return await cert.verify({ publicKey: ca.publicKey, signatureOnly: true });
}

/**
 * Why a server certificate must be replaced at `now` for `names`, or null when it is good: it
 * ends in less than `RENEW_DAYS`, is not valid yet (the clock went back), or names other
 * addresses than the box has now.
 */
export function renewalReason(facts: CertFacts, names: CertNames, now: number): string | null {
  if (facts.notAfter - now < RENEW_DAYS * DAY) return "expires soon";
  if (facts.notBefore > now) return "not valid yet";
  const want = normalizeNames(names);
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(facts.names.dns, want.dns) || !same(facts.names.ips, want.ips)) {
    return "names changed";
  }
  return null;
}

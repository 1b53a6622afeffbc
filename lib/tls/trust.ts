/**
 * The trust page's data and downloads: the CA certificate (never its key) as DER for the
 * operating systems' installers and as PEM for Linux and Firefox, its fingerprint, and where
 * the page lives on plain http (what its QR code opens, before the phone trusts the CA).
 */
import { HttpError } from "../http/errors.ts";
import { under } from "../http/paths.ts";
import { assets } from "../web/build/assets.ts";
import { readCaCert } from "./local_tls.ts";

/** Where the trust page lives. */
export const TRUST_PATH = "/trust";

/** What the trust page shows. */
export interface TrustInfo {
  /** HTTPS is on (the setting or `--https`). */
  https: boolean;
  /** The CA, once one was made. */
  ca: { fingerprint: string; notAfter: number } | null;
  /** This page on plain http at the box's first LAN address: for the QR code. */
  pageUrl: string;
  /** The same host over https, when HTTPS is on. */
  httpsUrl: string | null;
}

/** What the trust page needs from the services. */
export interface TrustServices {
  tls: { dir: string };
  urls: string[];
  config: { current: { server: { https: boolean } } };
}

/**
 * Paths served on plain http while HTTPS is on: the trust page, its downloads, and the static
 * files it shows (its stylesheet and icon); everything else is redirected to https.
 */
export function plainAllowed(path: string): boolean {
  return under(path, TRUST_PATH) || path in assets.static;
}

/** The trust page's data for a request to `url`. */
export async function trustInfo(services: TrustServices, url: URL): Promise<TrustInfo> {
  const ca = await readCaCert(services.tls.dir);
  const lan = services.urls[0] ? new URL(services.urls[0]) : url;
  // `--https` wins over the setting; the running server's URLs say which is in effect.
  const https = services.urls.length
    ? services.urls[0].startsWith("https:")
    : services.config.current.server.https;
  return {
    https,
    ca: ca && { fingerprint: ca.facts.fingerprint, notAfter: ca.facts.notAfter },
    pageUrl: `http://${lan.host}${TRUST_PATH}`,
    httpsUrl: https ? `https://${url.host}/` : null,
  };
}

/** The CA certificate as a download: `crt` is DER, `pem` is PEM. Never the key. */
export async function caDownload(services: TrustServices, format: string): Promise<Response> {
  if (format !== "ca.crt" && format !== "ca.pem") {
    throw new HttpError(404, "not_found", "Nothing here.");
  }
  const ca = await readCaCert(services.tls.dir);
  if (!ca) {
    throw new HttpError(
      404,
      "ca_missing",
      "HTTPS is not turned on yet, so there is no certificate to download.",
    );
  }
  const der = format === "ca.crt";
  return new Response(der ? ca.facts.der : ca.pem, {
    headers: {
      "content-type": der ? "application/x-x509-ca-cert" : "application/x-pem-file",
      "content-disposition": `attachment; filename="hearth-${format}"`,
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
    },
  });
}

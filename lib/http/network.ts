/**
 * The box's own addresses: shown at start (with a QR code) and allowed in the Host header.
 */

/** A non-loopback IPv4/IPv6 address of this machine. */
export interface LanAddress {
  address: string;
  family: "IPv4" | "IPv6";
  interface: string;
}

/** This machine's LAN addresses, IPv4 first; link-local IPv6 left out (browsers can't use it). */
export function lanAddresses(): LanAddress[] {
  let interfaces: Deno.NetworkInterfaceInfo[] = [];
  try {
    interfaces = Deno.networkInterfaces();
  } catch {
    // No --allow-sys, or a sandbox without interfaces: loopback still works.
  }
  return interfaces
    .filter((i) =>
      !i.address.startsWith("127.") && i.address !== "::1" && !i.address.startsWith("fe80:")
    )
    .map((i) => ({ address: i.address, family: i.family, interface: i.name }))
    .sort((a, b) => (a.family === b.family ? 0 : a.family === "IPv4" ? -1 : 1));
}

/** The machine's host name, when the platform tells it. */
export function machineHostname(): string | undefined {
  try {
    return Deno.hostname();
  } catch {
    return undefined;
  }
}

/** The URLs a person can open Hearth at, LAN first (what phones need), then localhost. */
export function serverUrls(hostname: string, port: number): string[] {
  const wildcard = hostname === "0.0.0.0" || hostname === "::" || hostname === "";
  const fmt = (a: string) => (a.includes(":") ? `[${a}]` : a);
  if (!wildcard) return [`http://${fmt(hostname)}:${port}/`];
  const lan = lanAddresses().filter((a) => hostname !== "0.0.0.0" || a.family === "IPv4");
  return [...lan.map((a) => `http://${fmt(a.address)}:${port}/`), `http://localhost:${port}/`];
}

/** How the server saw a connection: `Deno.ServeHandlerInfo`, or nothing for a request made in-process. */
export interface ConnInfo {
  remoteAddr?: { hostname?: string; port?: number };
}

/** The client's IP address as the server saw the connection (never a forgeable header). */
export function clientAddress(info: ConnInfo | undefined): string | undefined {
  return info?.remoteAddr?.hostname || undefined;
}

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^\[|\]$/g, "");
  const v4 = a.startsWith("::ffff:") ? a.slice(7) : a;
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { isLocalName, isPublicAddress, parseHost } from "./addresses.ts";

/** Every address the fetch tool must refuse, by the form it takes. */
const BLOCKED: [string, string][] = [
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback, the whole /8"],
  ["2130706433", "loopback as one decimal number"],
  ["0177.0.0.1", "loopback in octal"],
  ["0x7f.0.0.1", "loopback in hex"],
  ["0x7f000001", "loopback as one hex number"],
  ["017700000001", "loopback as one octal number"],
  ["127.1", "loopback, short form"],
  ["127.0.1", "loopback, three parts"],
  ["127.0.0.1.", "loopback with a trailing dot"],
  ["0.0.0.0", "this host"],
  ["0", "this host as a number"],
  ["10.1.2.3", "private 10/8"],
  ["172.16.0.1", "private 172.16/12, first"],
  ["172.31.255.255", "private 172.16/12, last"],
  ["192.168.1.1", "private 192.168/16"],
  ["0xc0.0xa8.1.1", "private in hex"],
  ["100.64.0.1", "CGNAT 100.64/10, first"],
  ["100.127.255.255", "CGNAT, last"],
  ["169.254.169.254", "link-local (cloud metadata)"],
  ["192.0.0.8", "IETF protocol assignments"],
  ["192.0.2.1", "TEST-NET-1"],
  ["198.51.100.7", "TEST-NET-2"],
  ["203.0.113.9", "TEST-NET-3"],
  ["198.18.0.1", "benchmarking 198.18/15"],
  ["198.19.255.255", "benchmarking, last"],
  ["192.88.99.1", "6to4 relay anycast"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast (SSDP)"],
  ["240.0.0.1", "reserved 240/4"],
  ["255.255.255.255", "broadcast"],
  ["::", "IPv6 unspecified"],
  ["::1", "IPv6 loopback"],
  ["[::1]", "IPv6 loopback in brackets"],
  ["0:0:0:0:0:0:0:1", "IPv6 loopback, long form"],
  ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
  ["::ffff:7f00:1", "IPv4-mapped loopback in hex"],
  ["[::ffff:192.168.0.1]", "IPv4-mapped private"],
  ["::ffff:169.254.169.254", "IPv4-mapped metadata"],
  ["::127.0.0.1", "IPv4-compatible loopback"],
  ["::8.8.8.8", "IPv4-compatible (deprecated, never routed)"],
  ["64:ff9b::127.0.0.1", "NAT64 of loopback"],
  ["64:ff9b::a9fe:a9fe", "NAT64 of the metadata address"],
  ["64:ff9b::10.0.0.1", "NAT64 of private"],
  ["64:ff9b:1::8.8.8.8", "local-use NAT64 (refused whole)"],
  ["fc00::1", "unique local fc00::/7"],
  ["fd12:3456:789a::1", "unique local fd"],
  ["fe80::1", "link-local"],
  ["febf:ffff::1", "link-local, last"],
  ["fec0::1", "site-local (deprecated)"],
  ["ff02::1", "multicast"],
  ["100::1", "discard-only"],
  ["2001:db8::1", "documentation"],
  ["3fff::1", "documentation (RFC 9637)"],
  ["2001:2::1", "benchmarking"],
  ["2001:10::1", "ORCHID"],
  ["2002:7f00:1::", "6to4 of loopback"],
  ["2002:c0a8:101::1", "6to4 of 192.168.1.1"],
  ["2002:a00:1::", "6to4 of 10.0.0.1"],
  ["2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo whose client is 127.0.0.1"],
  ["2001:0:0a00:0001::1", "Teredo whose server is 10.0.0.1"],
  ["fe80::1%eth0", "a zone id"],
  ["localhost", "a name is not an address"],
  ["1.2.3.4.5", "five parts"],
  ["256.1.1.1", "a part over 255"],
  ["09.0.0.1", "a bad octal digit"],
  ["4294967296", "over 32 bits"],
  ["", "empty"],
  ["1::2::3", "two ::"],
  ["::ffff:1.2.3", "a short IPv4 tail in IPv6"],
];

const PUBLIC: [string, string][] = [
  ["8.8.8.8", "a public IPv4 address"],
  ["1.1.1.1", "another"],
  ["134744072", "8.8.8.8 as one number"],
  ["0x8.0x8.0x8.0x8", "8.8.8.8 in hex"],
  ["172.32.0.1", "just past 172.16/12"],
  ["100.128.0.1", "just past CGNAT"],
  ["198.20.0.1", "just past benchmarking"],
  ["223.255.255.255", "just below multicast"],
  ["2606:4700:4700::1111", "a public IPv6 address"],
  ["[2a00:1450:4001:80b::200e]", "public IPv6 in brackets"],
  ["::ffff:8.8.8.8", "IPv4-mapped public"],
  ["64:ff9b::8.8.8.8", "NAT64 of a public address (IPv6-only networks)"],
  ["2002:808:808::1", "6to4 of 8.8.8.8"],
  ["2001:0:4136:e378:8000:63bf:f7f7:f7f7", "Teredo of public addresses"],
];

for (const [ip, why] of BLOCKED) {
  Deno.test(`addresses - refuses ${JSON.stringify(ip)}: ${why}`, () => {
    assertEquals(isPublicAddress(ip), false);
  });
}

for (const [ip, why] of PUBLIC) {
  Deno.test(`addresses - allows ${ip}: ${why}`, () => {
    assertEquals(isPublicAddress(ip), true);
  });
}

Deno.test("addresses - parseHost reads IPv4 forms as the WHATWG URL parser does", () => {
  const forms = ["2130706433", "0177.0.0.1", "0x7f.1", "127.1", "0x7f000001", "127.0.0.1."];
  for (const form of forms) {
    const url = new URL(`http://${form}/`).hostname;
    assertEquals(url, "127.0.0.1", `URL reads ${form} as loopback too`);
    assertEquals(parseHost(form), {
      kind: "ipv4",
      address: "127.0.0.1",
      bytes: new Uint8Array([127, 0, 0, 1]),
    });
  }
  // What URL refuses, parseHost refuses.
  for (const bad of ["1.2.3.4.5", "09.0.0.1", "4294967296", "a.b.0x10"]) {
    let refused = false;
    try {
      new URL(`http://${bad}/`);
    } catch {
      refused = true;
    }
    assertEquals(refused, true, `URL refuses ${bad}`);
    assertEquals(parseHost(bad), null, bad);
  }
});

Deno.test("addresses - parseHost gives IPv6 in canonical form and names lowercased", () => {
  assertEquals(parseHost("[::FFFF:127.0.0.1]")?.kind, "ipv6");
  assertEquals(
    (parseHost("[::FFFF:127.0.0.1]") as { address: string }).address,
    "::ffff:7f00:1",
  );
  assertEquals(
    (parseHost("2001:0db8:0000:0000:0001:0000:0000:0001") as { address: string }).address,
    "2001:db8::1:0:0:1",
  );
  assertEquals(parseHost("Example.COM."), { kind: "name", name: "example.com" });
  assertEquals(parseHost("a..b"), null);
});

Deno.test("addresses - localhost names are local whatever they resolve to", () => {
  assertEquals(isLocalName("localhost"), true);
  assertEquals(isLocalName("LocalHost."), true);
  assertEquals(isLocalName("app.localhost"), true);
  assertEquals(isLocalName("localhost.example.com"), false);
});

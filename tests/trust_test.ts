/**
 * The trust page in-process: open without a profile and during setup, in English and German;
 * the CA downloads only once there is a CA, as DER and PEM, never the key.
 */
import assert from "node:assert/strict";
import { expectError, testApp } from "./helpers/app.ts";

Deno.test("trust - before HTTPS: the page says how to turn it on, there is nothing to download", async () => {
  await using app = await testApp({ setup: true });
  const res = await app.fetch("/trust", { headers: { accept: "text/html" } });
  assert.equal(res.status, 200, "open during setup, without a profile");
  const html = await res.text();
  assert.match(html, /HTTPS is off/);
  assert.match(html, /Certificate Trust Settings/);
  assert.match(html, /<svg role="img" aria-label="QR code that opens this page"/);
  await expectError(await app.fetch("/trust/ca.crt"), 404, "ca_missing");
  const de = await app.fetch("/trust", { headers: { "accept-language": "de" } });
  assert.match(await de.text(), /HTTPS ist aus/);
});

Deno.test("trust - with a CA: its fingerprint, DER and PEM downloads, never a key", async () => {
  await using app = await testApp();
  await app.services.tls.refresh();
  const { ca } = app.services.tls.material!;
  const html = await (await app.fetch("/trust")).text();
  assert.ok(html.includes(ca.facts.fingerprint));
  assert.doesNotMatch(html, /HTTPS is off/);
  const der = await app.fetch("/trust/ca.crt");
  assert.equal(der.status, 200);
  assert.equal(der.headers.get("content-type"), "application/x-x509-ca-cert");
  assert.match(der.headers.get("content-disposition") ?? "", /hearth-ca\.crt/);
  assert.deepEqual(new Uint8Array(await der.arrayBuffer()), ca.facts.der);
  const pem = await app.fetch("/trust/ca.pem");
  assert.equal(await pem.text(), ca.certPem);
  for (const name of ["ca.key", "server.key", "server.crt", "ca.der"]) {
    const res = await app.fetch(`/trust/${name}`);
    assert.equal(res.status, 404, name);
    assert.doesNotMatch(await res.text(), /PRIVATE KEY/);
  }
});

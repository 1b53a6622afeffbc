import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import assert from "node:assert/strict";
import {
  CERT_DAYS,
  certFacts,
  type CertNames,
  createCa,
  createServerCert,
  RENEW_DAYS,
  signedBy,
} from "./certs.ts";
import { LocalTls, readCaCert } from "./local_tls.ts";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const NAMES: CertNames = {
  dns: ["localhost", "box", "box.local"],
  ips: ["127.0.0.1", "::1", "192.168.1.20"],
};

Deno.test("certs - the CA is a CA for signing only; the server certificate is not one", async () => {
  const ca = await createCa(NOW, "box");
  const caCert = new x509.X509Certificate(ca.certPem);
  const caBasic = caCert.getExtension(x509.BasicConstraintsExtension)!;
  assert(caBasic.ca);
  assert(caBasic.critical);
  const caUsage = caCert.getExtension(x509.KeyUsagesExtension)!;
  assert(caUsage.usages & x509.KeyUsageFlags.keyCertSign);
  assert.deepEqual(caCert.subject, caCert.issuer);
  assert(await caCert.isSelfSigned());
  assert(ca.keyPem.startsWith("-----BEGIN PRIVATE KEY-----"));

  const server = await createServerCert(ca, NAMES, NOW);
  const cert = new x509.X509Certificate(server.certPem);
  assert.equal(cert.getExtension(x509.BasicConstraintsExtension)!.ca, false);
  const usage = cert.getExtension(x509.KeyUsagesExtension)!;
  assert.deepEqual(usage.usages, x509.KeyUsageFlags.digitalSignature);
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension)!;
  assert.deepEqual([...eku.usages], [x509.ExtendedKeyUsage.serverAuth]);
  assert.deepEqual(cert.issuer, caCert.subject);
  assert(await signedBy(server.certPem, ca.certPem));
  assert.equal(await signedBy(server.certPem, (await createCa(NOW)).certPem), false);
});

Deno.test("certs - the server certificate names every address and name, for 90 days", async () => {
  const ca = await createCa(NOW);
  const facts = await certFacts((await createServerCert(ca, NAMES, NOW)).certPem);
  assert.deepEqual(facts.names.dns, ["box", "box.local", "localhost"]);
  assert.deepEqual(facts.names.ips, ["127.0.0.1", "192.168.1.20", "::1"]);
  assert(facts.notBefore <= NOW);
  assert.deepEqual(facts.notAfter, NOW + CERT_DAYS * DAY);
  assert(facts.notAfter - facts.notBefore <= 398 * DAY, "phones refuse longer certificates");
  assert(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(facts.fingerprint));
});

Deno.test("local tls - renews near the end or for new addresses, keeps the CA and files private", async () => {
  const dir = await Deno.makeTempDir();
  try {
    let now = NOW;
    let names = NAMES;
    const tls = new LocalTls({ dir: `${dir}/tls`, now: () => now, names: () => names });
    assert(await tls.refresh());
    const first = tls.material!;
    const caPrint = first.ca.facts.fingerprint;
    assert.deepEqual((await Deno.stat(`${dir}/tls/ca.key`)).mode! & 0o777, 0o600);
    assert.deepEqual((await Deno.stat(`${dir}/tls`)).mode! & 0o777, 0o700);
    assert.deepEqual((await readCaCert(`${dir}/tls`))?.facts.fingerprint, caPrint);

    // Just before the threshold: the same certificate, also for a new process reading the files.
    now = NOW + (CERT_DAYS - RENEW_DAYS - 1) * DAY;
    const again = new LocalTls({ dir: `${dir}/tls`, now: () => now, names: () => names });
    assert(await again.refresh()); // first load in this process
    assert.deepEqual(again.material!.server.facts.fingerprint, first.server.facts.fingerprint);
    assert.equal(await again.refresh(), false);

    // Past it: a new certificate from the same CA.
    now = NOW + (CERT_DAYS - RENEW_DAYS + 1) * DAY;
    assert(await again.refresh());
    const renewed = again.material!.server.facts;
    assert.notEqual(renewed.fingerprint, first.server.facts.fingerprint);
    assert.deepEqual(renewed.notAfter, now + CERT_DAYS * DAY);
    assert.deepEqual(again.material!.ca.facts.fingerprint, caPrint);
    assert.equal(await again.refresh(), false);

    // The box got another address: renewed for it.
    names = { ...NAMES, ips: [...NAMES.ips, "10.0.0.7"] };
    assert(await again.refresh());
    assert(again.material!.server.facts.names.ips.includes("10.0.0.7"));
    assert.deepEqual(again.material!.ca.facts.fingerprint, caPrint);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

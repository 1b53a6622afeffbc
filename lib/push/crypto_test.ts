import assert from "node:assert/strict";
import {
  base64url,
  encryptPayload,
  fromBase64url,
  generateVapidKeys,
  vapidAuthorization,
} from "./crypto.ts";

// RFC 8291 Appendix A: the example message, its keys and its salt.
const RFC = {
  plaintext: "When I grow up, I want to be a watermelon",
  asPublic:
    "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8",
  asPrivate: "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
  uaPublic:
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
  auth: "BTBZMqHH6r4Tts7J_aSIgg",
  salt: "DGv6ra1nlYgDCS1FRnbzlw",
  message: "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocI" +
    "nmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgS" +
    "xsj_Qulcy4a-fN",
};

async function rfcSender(): Promise<CryptoKeyPair> {
  const raw = fromBase64url(RFC.asPublic);
  const jwk = {
    kty: "EC",
    crv: "P-256",
    x: base64url(raw.slice(1, 33)),
    y: base64url(raw.slice(33, 65)),
  };
  const algorithm = { name: "ECDH", namedCurve: "P-256" };
  return {
    publicKey: await crypto.subtle.importKey("jwk", jwk, algorithm, true, []),
    privateKey: await crypto.subtle.importKey(
      "jwk",
      { ...jwk, d: RFC.asPrivate },
      algorithm,
      true,
      [
        "deriveBits",
      ],
    ),
  };
}

Deno.test("push crypto - encrypts RFC 8291's example to the RFC's exact bytes", async () => {
  const message = await encryptPayload(
    { p256dh: fromBase64url(RFC.uaPublic), auth: fromBase64url(RFC.auth) },
    new TextEncoder().encode(RFC.plaintext),
    { sender: await rfcSender(), salt: fromBase64url(RFC.salt) },
  );
  // The RFC's example uses a record size of 4096, as Hearth does.
  assert.equal(base64url(message), RFC.message);
});

Deno.test("push crypto - a VAPID token is an ES256 JWT for the endpoint's origin, 12 h ahead", async () => {
  const keys = await generateVapidKeys();
  const now = Date.UTC(2026, 0, 1);
  const header = await vapidAuthorization(
    new URL("https://push.example:8443/send/abc?x=1"),
    keys,
    "mailto:a@b.example",
    now,
  );
  const [, jwt, k] = /^vapid t=(\S+), k=(\S+)$/.exec(header)!;
  assert.equal(k, base64url(keys.publicKey));
  const [head, body, sig] = jwt.split(".");
  const claims = JSON.parse(new TextDecoder().decode(fromBase64url(body)));
  assert.deepEqual(claims, {
    aud: "https://push.example:8443",
    exp: now / 1000 + 12 * 3600,
    sub: "mailto:a@b.example",
  });
  const verifyKey = await crypto.subtle.importKey(
    "raw",
    keys.publicKey,
    { name: "ECDSA", namedCurve: "P-256" },
    false,
    ["verify"],
  );
  assert.ok(
    await crypto.subtle.verify(
      { name: "ECDSA", hash: "SHA-256" },
      verifyKey,
      fromBase64url(sig),
      new TextEncoder().encode(`${head}.${body}`),
    ),
  );
});

Deno.test("push crypto - base64url refuses other alphabets", () => {
  assert.throws(() => fromBase64url("a+b/"), TypeError);
  assert.deepEqual(fromBase64url("AQID"), new Uint8Array([1, 2, 3]));
});

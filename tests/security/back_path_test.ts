/**
 * The language form's `back`: whatever a client puts there, `POST /locale` answers 303 to a path
 * on this site, never to another host, and never 500.
 */
import assert from "node:assert/strict";
import { testApp } from "../helpers/app.ts";

async function backTo(app: Awaited<ReturnType<typeof testApp>>, back: string) {
  const res = await app.fetch("/locale", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ locale: "de", back }),
  });
  await res.body?.cancel();
  assert.equal(res.status, 303, JSON.stringify(back));
  assert.match(res.headers.get("set-cookie") ?? "", /hearth_locale=de/);
  return res.headers.get("location");
}

Deno.test("redirects - the language form goes back only to a path on this site", async () => {
  await using app = await testApp();
  const offSite = [
    "/\n/evil.test",
    "/\r\nSet-Cookie: x=1",
    "/\t/evil.test",
    "/ /evil.test",
    "//evil.test/",
    "/\\evil.test",
    "/x\\..\\\\evil.test",
    "https://evil.test/",
    "http:evil.test",
    "javascript:alert(1)",
    "evil.test",
    "/\u0000/evil.test",
    "",
  ];
  for (const back of offSite) {
    assert.equal(await backTo(app, back), "/", JSON.stringify(back));
  }
  assert.equal(await backTo(app, "/chat?x=1"), "/chat?x=1");
  assert.equal(await backTo(app, "/search?q=a%20b#top"), "/search?q=a%20b#top");
  assert.equal(await backTo(app, "/a/../todos"), "/todos");
});

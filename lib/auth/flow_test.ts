import assert from "node:assert/strict";
import { pageNeedsProfile, pickerUrl, safeNext } from "./flow.ts";
import { deviceLabel } from "./devices.ts";
import { hashToken, isTokenShaped, newToken } from "./tokens.ts";

Deno.test("auth flow - which requests need a picked profile", () => {
  const cases: [string, string, boolean][] = [
    ["GET", "/", true],
    ["GET", "/chat", true],
    ["HEAD", "/admin", true],
    ["GET", "/admin/devices", true],
    ["GET", "/profiles", false],
    ["GET", "/profiles/", false],
    ["GET", "/admin/login", false],
    ["GET", "/offline", false],
    ["GET", "/setup", false],
    ["GET", "/setup/code", false],
    ["GET", "/api/me", false],
    ["GET", "/api", false],
    ["GET", "/ws", false],
    ["GET", "/_hearth/js/boot.js", false],
    ["GET", "/sw.js", false],
    ["GET", "/manifest.webmanifest", false],
    ["POST", "/locale", false],
    ["POST", "/chat", false],
  ];
  for (const [method, path, expected] of cases) {
    assert.equal(pageNeedsProfile(method, path), expected, `${method} ${path}`);
  }
});

Deno.test("auth flow - next is only ever a path on this site", () => {
  assert.equal(safeNext("/chat?x=1"), "/chat?x=1");
  assert.equal(safeNext(null), "/");
  assert.equal(safeNext("", "/admin"), "/admin");
  for (
    const bad of ["https://evil.example/", "//evil.example", "/\\evil.example", "chat", "/a\nb"]
  ) {
    assert.equal(safeNext(bad), "/", bad);
  }
  assert.equal(pickerUrl(new URL("http://h/")), "/profiles");
  assert.equal(pickerUrl(new URL("http://h/chat?x=1")), "/profiles?next=%2Fchat%3Fx%3D1");
});

Deno.test("auth flow - device labels name the browser and system", () => {
  const ua = (s: string) => deviceLabel(s);
  assert.equal(
    ua(
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36",
    ),
    "Chrome · Android",
  );
  assert.equal(
    ua(
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1",
    ),
    "Safari · iPhone",
  );
  assert.equal(
    ua("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0"),
    "Firefox · Windows",
  );
  assert.equal(
    ua("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/126.0 Safari/537.36 Edg/126.0"),
    "Edge · macOS",
  );
  assert.equal(ua("curl/8.5.0"), "Browser");
  assert.equal(deviceLabel(null), "Browser");
});

Deno.test("auth tokens - 32 random bytes, base64url; only a SHA-256 hex is stored", () => {
  const a = newToken();
  const b = newToken();
  assert.notEqual(a, b);
  assert.ok(isTokenShaped(a), a);
  assert.equal(atob(a.replace(/-/g, "+").replace(/_/g, "/") + "=").length, 32);
  assert.match(hashToken(a), /^[0-9a-f]{64}$/);
  assert.equal(hashToken(a), hashToken(a));
  assert.equal(
    hashToken("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    "SHA-256, so hashes stored by earlier versions still match",
  );
  assert.ok(!isTokenShaped("short"));
  assert.ok(!isTokenShaped(a + "x"));
});

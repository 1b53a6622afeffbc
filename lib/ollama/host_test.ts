import assert from "node:assert/strict";
import { endpoint } from "./http.ts";
import { OllamaHostError, parseOllamaHost } from "./host.ts";

Deno.test("ollama host - strings parse as Ollama reads OLLAMA_HOST", () => {
  const cases: [string, string][] = [
    ["localhost", "http://localhost:11434"],
    ["10.0.0.5", "http://10.0.0.5:11434"],
    ["box.lan:8080", "http://box.lan:8080"],
    [":9000", "http://127.0.0.1:9000"],
    ["http://box.lan", "http://box.lan:80"],
    ["https://ollama.example.com", "https://ollama.example.com:443"],
    ["https://ollama.example.com:8443/", "https://ollama.example.com:8443"],
    ["https://example.com/ollama/", "https://example.com:443/ollama"],
    ["[::1]", "http://[::1]:11434"],
    ["::1", "http://[::1]:11434"],
    ["[fe80::2]:8080", "http://[fe80::2]:8080"],
    [" 'Box.LAN' ", "http://box.lan:11434"],
    ["HTTP://127.0.0.1:11434", "http://127.0.0.1:11434"],
    // Where a server listens everywhere, its client connects to this machine.
    ["0.0.0.0", "http://127.0.0.1:11434"],
    ["0.0.0.0:11500", "http://127.0.0.1:11500"],
    ["[::]:11434", "http://[::1]:11434"],
  ];
  for (const [raw, url] of cases) assert.equal(parseOllamaHost(raw), url, raw);
});

Deno.test("ollama host - what Hearth cannot use is an error that says why", () => {
  const cases: [string, RegExp][] = [
    ["ftp://box", /not http:\/\/ or https:\/\//],
    ["box:99999", /"99999" is not a port/],
    ["box:http", /"http" is not a port/],
    ["not a host", /no spaces/],
    ["http://user:pw@box", /"@"/],
    ["bad_name!", /not a host name/],
  ];
  for (const [raw, why] of cases) {
    assert.throws(() => parseOllamaHost(raw), (err: unknown) => {
      assert.ok(err instanceof OllamaHostError, raw);
      assert.match(err.message, why, raw);
      return true;
    });
  }
});

Deno.test("ollama host - a path in the host is kept in front of the API path", () => {
  assert.equal(
    endpoint("https://example.com:443/ollama", "/api/tags").href,
    "https://example.com/ollama/api/tags",
  );
  assert.equal(endpoint("http://127.0.0.1:11434", "/api/ps").href, "http://127.0.0.1:11434/api/ps");
});

import { parseOllamaHost } from "./lib/ollama/host.ts";
for (const s of ["", "localhost", "box.lan:8080", ":9000", "https://ex.com", "http://ex.com", "http://ex.com/", "[::1]", "::1", "[::1]:8080", "0.0.0.0", "0.0.0.0:11434", "'10.0.0.5'", "https://ex.com/ollama/", "HTTP://Box.LAN", "fe80::1", "a:b", "x:99999", "ftp://x", "not a url", "http://a:11434"]) {
  try { console.log(JSON.stringify(s), "->", parseOllamaHost(s)); } catch (e) { console.log(JSON.stringify(s), "!!", (e as Error).message); }
}

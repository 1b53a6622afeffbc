import assert from "node:assert/strict";
import { createOllamaService, parseHostList } from "./mod.ts";
import { RealOllamaService } from "./real.ts";

Deno.test("ollama - createOllamaService is the Real service for the hosts, else HEARTH_OLLAMA_URL", () => {
  const real = createOllamaService({ hosts: ["http://10.0.0.5:11434/"] });
  assert.ok(real instanceof RealOllamaService);
  assert.deepEqual(real.hosts, ["http://10.0.0.5:11434"]);
  const before = Deno.env.get("HEARTH_OLLAMA_URL");
  try {
    Deno.env.set("HEARTH_OLLAMA_URL", "gpu-box:11434, http://127.0.0.1:11434/");
    const fromEnv = createOllamaService();
    assert.ok(fromEnv instanceof RealOllamaService);
    assert.deepEqual(fromEnv.hosts, ["http://gpu-box:11434", "http://127.0.0.1:11434"]);
  } finally {
    if (before === undefined) Deno.env.delete("HEARTH_OLLAMA_URL");
    else Deno.env.set("HEARTH_OLLAMA_URL", before);
  }
  assert.deepEqual(parseHostList(" , a:1,https://b/, gpu "), [
    "http://a:1",
    "https://b:443",
    "http://gpu:11434",
  ]);
  assert.deepEqual(parseHostList(undefined), []);
});

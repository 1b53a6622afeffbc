import assert from "node:assert/strict";
import { signal } from "@preact/signals";
import { renderToString } from "preact-render-to-string";
import { messages } from "../../lib/i18n/mod.ts";
import { translatorOf } from "../../lib/i18n/format.ts";
import type { HostView, StatusView } from "../../lib/ollama/types.ts";
import { HostPanel } from "./HostPanel.tsx";

function host(url: string, local: boolean, reachable: boolean): HostView {
  return {
    url,
    local,
    reachable,
    version: reachable ? "0.13.0" : undefined,
    models: [],
    running: [],
  };
}

function render(status: StatusView, locale: "en" | "de" = "en"): string {
  const t = translatorOf(messages(locale, "models."));
  return renderToString(
    <HostPanel status={signal(status)} t={t} errors={{}} refresh={() => Promise.resolve()} />,
  );
}

Deno.test("host panel - an Ollama on another machine: where Hearth uses it and whether it answers, no install", () => {
  const remote = "http://gpu.lan:11434";
  for (const reachable of [true, false]) {
    const status = { binary: { found: false }, hosts: [host(remote, false, reachable)] };
    const en = render(status);
    assert.match(en, /Hearth uses Ollama at http:\/\/gpu\.lan:11434, on another machine/);
    assert.match(en, reachable ? /answers, version 0\.13\.0/ : /does not answer/);
    assert.doesNotMatch(en, /not installed|Install Ollama|Start Ollama/);
    const de = render(status, "de");
    assert.match(de, /Hearth nutzt Ollama unter http:\/\/gpu\.lan:11434 auf einem anderen Rechner/);
    assert.doesNotMatch(de, /nicht installiert|Ollama installieren|Ollama starten/);
  }
});

Deno.test("host panel - Ollama on this box: missing offers the install, stopped offers the start", () => {
  const local = "http://127.0.0.1:11434";
  const missing = render({ binary: { found: false }, hosts: [host(local, true, false)] });
  assert.match(missing, /Ollama is not installed on this box\./);
  assert.match(missing, /Install Ollama/);
  const stopped = render({
    binary: { found: true, version: "0.13.0", path: "/usr/local/bin/ollama" },
    hosts: [host(local, true, false)],
  });
  assert.match(stopped, /Start Ollama/);
  // A remote host that is down beside a local one that runs: nothing to start here.
  const mixed = render({
    binary: { found: true, version: "0.13.0", path: "/usr/local/bin/ollama" },
    hosts: [host(local, true, true), host("http://gpu.lan:11434", false, false)],
  });
  assert.doesNotMatch(mixed, /Start Ollama|Install Ollama/);
});

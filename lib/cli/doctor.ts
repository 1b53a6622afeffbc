/**
 * `hearth doctor`: what a person (or a support thread) needs to know about this installation,
 * read without changing anything.
 */
import { tryParseOllamaHost } from "../ollama/host.ts";
import { ConfigStore } from "../config/store.ts";
import { resolvePaths } from "../config/paths.ts";
import { databaseStatus } from "../db/mod.ts";
import { snapshotLines } from "./snapshots.ts";
import { chooseExternals } from "../services.ts";
import { formatSize } from "../i18n/format.ts";
import { CATALOGUE, formatReport, recommend } from "../system/mod.ts";
import { certFacts } from "../tls/certs.ts";
import { readCaCert } from "../tls/local_tls.ts";
import { VERSION } from "../version.ts";
import type { OllamaStatus } from "../ollama/types.ts";

/** Runs the checks and returns the lines to print, and whether everything is fine. */
export async function doctor(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  let ok = true;
  const paths = resolvePaths(env);
  let configHosts: string[] = [];
  lines.push(
    `Hearth ${VERSION} on Deno ${Deno.version.deno} (${Deno.build.os}/${Deno.build.arch})`,
  );
  lines.push(`Config file:   ${paths.configFile}`);
  lines.push(`Data folder:   ${paths.dataDir}`);
  try {
    const config = await ConfigStore.load(paths.configFile, env);
    lines.push(`Config:        ${config.exists ? "valid" : "not created yet (defaults in use)"}`);
    const env_ = Object.entries(config.readOnly);
    if (env_.length) {
      lines.push(`Set by env:    ${env_.map(([k, v]) => `${k} (${v})`).join(", ")}`);
    }
    lines.push(
      `Listens on:    ${config.current.server.host}:${config.current.server.port}`,
    );
    configHosts = config.current.ollama.hosts;
    lines.push(
      `HTTPS:         ${config.current.server.https ? "on" : "off (start --https turns it on)"}`,
    );
  } catch (err) {
    ok = false;
    lines.push(`Config:        PROBLEM: ${(err as Error).message}`);
  }
  try {
    const db = await databaseStatus(paths.dbFile);
    ok &&= db.ok;
    lines.push(`Database:      ${paths.dbFile}`);
    lines.push(
      `               ${db.ok ? "" : "PROBLEM: "}${db.message}${
        db.exists ? `, ${formatSize(db.sizeBytes, "en")}` : ""
      }`,
    );
  } catch (err) {
    ok = false;
    lines.push(`Database:      PROBLEM: ${(err as Error).message}`);
  }
  try {
    lines.push(...await snapshotLines(paths.dbFile));
  } catch (err) {
    lines.push(`Snapshots:     PROBLEM: ${(err as Error).message}`);
  }
  try {
    const tlsDir = `${paths.configDir}/tls`;
    const ca = await readCaCert(tlsDir);
    if (ca) {
      lines.push(
        `CA:            ${tlsDir}/ca.crt, valid until ${new Date(ca.facts.notAfter).toISOString()}`,
      );
      lines.push(`  SHA-256:     ${ca.facts.fingerprint}`);
      const cert = await certFacts(await Deno.readTextFile(`${tlsDir}/server.crt`)).catch(() =>
        null
      );
      lines.push(
        cert
          ? `Certificate:   expires ${
            new Date(cert.notAfter).toISOString()
          } (renewed 30 days before), for ${[...cert.names.dns, ...cert.names.ips].join(", ")}`
          : "Certificate:   none yet (made when HTTPS starts)",
      );
    }
  } catch (err) {
    ok = false;
    lines.push(`CA:            PROBLEM: ${(err as Error).message}`);
  }
  const externals = await chooseExternals({ env });
  lines.push("", "System:");
  try {
    const report = await externals.checkSystem(paths.dataDir);
    lines.push(
      ...formatReport(report, recommend(report, CATALOGUE)).map((l) => (l ? `  ${l}` : "")),
    );
  } catch (err) {
    ok = false;
    lines.push(`  PROBLEM: ${(err as Error).message}`);
  }
  lines.push("", "Ollama:");
  const hosts = (env.HEARTH_OLLAMA_URL ?? "").split(",").map((h) => h.trim()).filter(Boolean)
    .map((h) => tryParseOllamaHost(h) ?? h);
  const status = await externals.ollama(hosts.length ? hosts : configHosts).status();
  await externals.close();
  lines.push(...ollamaLines(status));
  return { ok, lines };
}

/**
 * The Ollama section: the program on this box and each host with what it answers. When every
 * host is another machine's, the program on this box does not matter: it says where Hearth
 * uses Ollama instead of "not installed".
 */
export function ollamaLines(status: OllamaStatus): string[] {
  const lines: string[] = [];
  const { binary } = status;
  const remote = status.hosts.length > 0 && status.hosts.every((h) => !h.local);
  lines.push(
    `  Program:     ${
      remote
        ? `not needed: Hearth uses Ollama at ${status.hosts.map((h) => h.url).join(", ")}`
        : binary.found
        ? `${binary.path ?? "ollama"}${binary.version ? ` (${binary.version})` : ""}`
        : "not installed (the setup wizard can install it)"
    }`,
  );
  for (const host of status.hosts) {
    lines.push(
      `  ${host.url}: ${
        host.reachable
          ? `running${
            host.version ? ` ${host.version}` : ""
          }, ${host.models.length} model(s) installed, ${host.running.length} loaded`
          : `not reachable${host.error ? ` (${host.error})` : ""}`
      }`,
    );
    for (const m of host.models) lines.push(`    - ${m.name} ${m.parameterSize} ${m.quantization}`);
  }
  return lines;
}

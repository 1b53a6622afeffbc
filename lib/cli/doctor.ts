/**
 * `hearth doctor`: what a person (or a support thread) needs to know about this installation,
 * read without changing anything.
 */
import { ConfigStore } from "../config/store.ts";
import { resolvePaths } from "../config/paths.ts";
import { databaseStatus } from "../db/mod.ts";
import { VERSION } from "../version.ts";

/** Runs the checks and returns the lines to print, and whether everything is fine. */
export async function doctor(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  let ok = true;
  const paths = resolvePaths(env);
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
        db.exists ? `, ${(db.sizeBytes / 1024).toFixed(0)} KiB` : ""
      }`,
    );
  } catch (err) {
    ok = false;
    lines.push(`Database:      PROBLEM: ${(err as Error).message}`);
  }
  return { ok, lines };
}

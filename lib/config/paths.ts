/**
 * Where Hearth keeps things: config under `$XDG_CONFIG_HOME/hearth`, data (database, documents,
 * workspaces) under `$XDG_DATA_HOME/hearth`; `HEARTH_HOME` puts both in one folder.
 */

/** Resolved locations. */
export interface HearthPaths {
  configDir: string;
  configFile: string;
  dataDir: string;
  dbFile: string;
}

/** Resolves the paths from an environment (defaults to the process's). */
export function resolvePaths(
  env: Record<string, string | undefined> = Deno.env.toObject(),
  os: string = Deno.build.os,
): HearthPaths {
  const at = (configDir: string, dataDir: string): HearthPaths => ({
    configDir,
    configFile: `${configDir}/config.json`,
    dataDir,
    dbFile: `${dataDir}/hearth.db`,
  });
  if (env.HEARTH_HOME) {
    const home = env.HEARTH_HOME.replace(/\/+$/, "");
    return at(home, home);
  }
  if (os === "windows") {
    const roaming = env.APPDATA ?? `${env.USERPROFILE}\\AppData\\Roaming`;
    const local = env.LOCALAPPDATA ?? `${env.USERPROFILE}\\AppData\\Local`;
    return at(`${roaming}\\Hearth`, `${local}\\Hearth`);
  }
  const home = env.HOME;
  const config = env.XDG_CONFIG_HOME || (home ? `${home}/.config` : undefined);
  const data = env.XDG_DATA_HOME || (home ? `${home}/.local/share` : undefined);
  if (!config || !data) {
    throw new Error("Cannot tell where to keep data: set HEARTH_HOME (or HOME / XDG_*_HOME).");
  }
  return at(`${config}/hearth`, `${data}/hearth`);
}

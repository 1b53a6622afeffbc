/**
 * Backup and restore (issue 17): a Hearth home with ~1 GB of data (documents and workspace files
 * of mixed sizes: 64 MB, 1 MB and 10 KB files, half/two fifths/a tenth of the bytes; incompressible
 * bytes) and a database of a few thousand messages, backed up into one bundle, then the bundle
 * checked and unpacked, then restored with `replace` (which first backs up the data it replaces).
 * Each is reported in MB/s beside `cp -r` of the same folders timed right before it (this VM's
 * disk speed swings), and the process's peak RSS during it (sampled every 20 ms) over its RSS
 * before: memory must stay flat whatever the size.
 *
 *   deno run -A bench/backup.ts [MB]     (default 1024; `deno task bench` runs it with 256)
 */
import { createBackup, restoreBackup, verifyAndStage } from "../lib/backup/mod.ts";
import { seedWorld } from "../lib/backup/testing.ts";
import { addMessage, createConversation } from "../lib/chat/store.ts";
import { resolvePaths } from "../lib/config/paths.ts";
import { openDatabase } from "../lib/db/mod.ts";
import { fmt, mib, verdict } from "./harness.ts";

const MB = 1024 * 1024;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const base = Deno.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => peak = Math.max(peak, Deno.memoryUsage().rss), 20);
  const start = performance.now();
  try {
    const out = await fn();
    return [out, (performance.now() - start) / 1000, Math.max(peak, Deno.memoryUsage().rss) - base];
  } finally {
    clearInterval(sampler);
  }
}

/** Writes `count` files of `size` bytes under `dir` (distinct contents; a 1 MB random block). */
async function files(dir: string, count: number, size: number, block: Uint8Array) {
  await Deno.mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    using f = await Deno.open(`${dir}/f${i}.bin`, { write: true, create: true });
    for (let left = size; left > 0;) {
      block[0] = i & 0xff;
      block[1] = (left >>> 8) & 0xff;
      const n = Math.min(left, block.byteLength);
      let at = 0;
      while (at < n) at += await f.write(block.subarray(at, n));
      left -= n;
    }
  }
}

/** The backup benchmark's rows for `totalMb` of files. */
export async function benchBackup(totalMb = 1024): Promise<string[]> {
  const home = await Deno.makeTempDir({ prefix: "hearth-bench-backup-" });
  try {
    const paths = resolvePaths({ HEARTH_HOME: home });
    const db = await openDatabase(paths.dbFile);
    await seedWorld(db, home);
    const conv = await createConversation(db.kysely, "anna", { title: "Bench" });
    for (let i = 0; i < 3000; i++) {
      await addMessage(db.kysely, "anna", conv.id, {
        role: i % 2 ? "assistant" : "user",
        content: `Message ${i}: ${"lorem ipsum dolor sit amet ".repeat(20)}`,
      });
    }
    const block = new Uint8Array(MB);
    for (let at = 0; at < MB; at += 65536) crypto.getRandomValues(block.subarray(at, at + 65536));
    const total = totalMb * MB;
    await files(
      `${home}/documents/big`,
      Math.max(1, Math.round(total * 0.5 / (64 * MB))),
      64 * MB,
      block,
    );
    await files(`${home}/workspaces/${conv.id}/mid`, Math.round(total * 0.4 / MB), MB, block);
    await files(
      `${home}/workspaces/${conv.id}/small`,
      Math.round(total * 0.1 / 10240),
      10240,
      block,
    );
    const du = await new Deno.Command("du", { args: ["-sb", home] }).output();
    const bytes = Number(new TextDecoder().decode(du.stdout).split("\t")[0]);
    const mbps = (s: number) => `${fmt(bytes / MB / s, 0)} MB/s`;

    /** `cp -r` of the data folders and the database, timed, then removed. */
    const cp = async () => {
      const dest = `${home}.cp`;
      await Deno.mkdir(dest);
      const [, s] = await timed(async () => {
        const out = await new Deno.Command("cp", {
          args: ["-r", `${home}/documents`, `${home}/workspaces`, paths.dbFile, dest],
        }).output();
        if (!out.success) throw new Error("cp -r failed");
      });
      await Deno.remove(dest, { recursive: true });
      return s;
    };
    const rows: string[] = [];
    const row = (what: string, s: number, control: number, rss: number, target = 100) =>
      rows.push(
        `| ${what} (${mib(bytes)} MiB) | ${fmt(s, 2)} s, ${mbps(s)}, peak RSS +${mib(rss)} MiB | ` +
          `cp -r ${fmt(control, 2)} s, ${mbps(control)} | ${fmt(s / control, 2)}× | ` +
          `memory flat (< ${target} MiB) | ${verdict(rss < target * MB)} |`,
      );
    let control = await cp();
    const [made, backupS, backupRss] = await timed(() => createBackup({ db, paths }));
    row("backup: one zip of everything", backupS, control, backupRss);
    control = await cp();
    const staging = `${home}/.bench-staging`;
    const [, stageS, stageRss] = await timed(() => verifyAndStage(made.path, staging));
    await Deno.remove(staging, { recursive: true });
    row("restore, first half: bundle checked and unpacked", stageS, control, stageRss);
    control = await cp();
    const [, restoreS, restoreRss] = await timed(() =>
      restoreBackup({ db, paths, file: made.path, mode: "replace" })
    );
    row("restore replace (incl. its pre-restore backup)", restoreS, control, restoreRss);
    await db.close();
    return rows;
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

if (import.meta.main) {
  const mb = Number(Deno.args[0] ?? 1024);
  console.log("| measure | Hearth | baseline, same run | Hearth vs baseline | target | |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const line of await benchBackup(mb)) console.log(line);
}

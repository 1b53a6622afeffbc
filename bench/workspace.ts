/**
 * Workspace snapshots (issue 16): a workspace of 10,000 files, 100 MB in all (100 folders of 100
 * files of ~10 KB, random bytes so nothing deduplicates), snapshotted and restored in process.
 * Targets: a snapshot < 2 s, a restore < 2 s; after 10 files change, the next snapshot stores only
 * those (its added bytes and the store's growth on disk). Baseline: `cp -a` of the same tree.
 * Then the whole workspace as a streamed zip (its memory must stay flat) and that zip loaded.
 */
import { restoreSnapshot, takeSnapshot } from "../lib/workspace/snapshots.ts";
import { testWorkspace } from "../lib/workspace/snapshot_testing.ts";
import { writeAll } from "../lib/bytes.ts";
import { loadZip, zipWorkspace } from "../lib/workspace/zip.ts";
import { fmt, mib, TABLE_HEADER, verdict } from "./harness.ts";

const FILES = 10_000;
const TOTAL = 100 * 1024 * 1024;
const SIZE = Math.floor(TOTAL / FILES);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const out = await fn();
  return [out, (performance.now() - start) / 1000];
}

/** Bytes under `dir` on disk (`du -sb`). */
async function du(dir: string): Promise<number> {
  const out = await new Deno.Command("du", { args: ["-sb", dir] }).output();
  return Number(new TextDecoder().decode(out.stdout).split("\t")[0]);
}

/** The rows of the workspace benchmark. */
export async function benchWorkspace(): Promise<string[]> {
  await using ws = await testWorkspace();
  const { root, store } = ws.target;
  const block = new Uint8Array(SIZE);
  for (let d = 0; d < FILES / 100; d++) {
    await Deno.mkdir(`${root}/d${d}`);
    for (let f = 0; f < 100; f++) {
      await Deno.writeFile(`${root}/d${d}/f${f}.bin`, crypto.getRandomValues(block));
    }
  }
  /** `cp -a` of the workspace, timed (the disk's own speed right now), then removed. */
  const cpTree = async () => {
    const [, seconds] = await timed(async () => {
      const out = await new Deno.Command("cp", { args: ["-a", root, `${ws.dataDir}/copy`] })
        .output();
      if (!out.success) throw new Error("cp -a failed");
    });
    await Deno.remove(`${ws.dataDir}/copy`, { recursive: true });
    return seconds;
  };
  const copy = await cpTree();

  const [first, firstS] = await timed(() => takeSnapshot(ws.target, { reason: "turn" }));
  const [, sameS] = await timed(() => takeSnapshot(ws.target, { reason: "turn" }));
  const storeBefore = await du(store);
  for (let i = 0; i < 10; i++) {
    await Deno.writeFile(`${root}/d${i}/f${i}.bin`, crypto.getRandomValues(block));
  }
  const [changed, changedS] = await timed(() => takeSnapshot(ws.target, { reason: "turn" }));
  const growth = (await du(store)) - storeBefore;
  const [, restore10S] = await timed(() => restoreSnapshot(ws.target, first.id));
  // The worst case: every file gone, all 10,000 copied back. Its control is `cp -a` of the same
  // tree just before, after the same bulk writes: this disk's speed swings with what it is still
  // flushing (0.5–8.7 s for the first `cp -a` within an hour).
  const copyBefore = await cpTree();
  for (let d = 0; d < FILES / 100; d++) await Deno.remove(`${root}/d${d}`, { recursive: true });
  const [, restoreAllS] = await timed(() => restoreSnapshot(ws.target, first.id));

  // The whole workspace as a zip, streamed (memory must stay flat), then loaded into a new one.
  const rss = () => Deno.memoryUsage().rss;
  const rssBefore = rss();
  let peak = rssBefore;
  const sampler = setInterval(() => peak = Math.max(peak, rss()), 20);
  const zipFile = `${ws.dataDir}/all.zip`;
  const [, zipS] = await timed(async () => {
    using out = await Deno.open(zipFile, { write: true, createNew: true });
    for await (const chunk of zipWorkspace(root)) {
      peak = Math.max(peak, rss());
      await writeAll(out, chunk);
    }
  });
  clearInterval(sampler);
  const zipBytes = (await Deno.stat(zipFile)).size;
  await Deno.mkdir(`${ws.dataDir}/loaded`);
  await Deno.mkdir(`${ws.dataDir}/staging`);
  const [loaded, loadS] = await timed(() =>
    loadZip(zipFile, `${ws.dataDir}/loaded`, { room: 2 * TOTAL, staging: `${ws.dataDir}/staging` })
  );

  const row = (measure: string, got: string, base: string, vs: string, target: string, ok = "") =>
    `| ${measure} | ${got} | ${base} | ${vs} | ${target} | ${ok} |`;
  const what = `${FILES.toLocaleString("en")} files, ${mib(first.bytes)} MiB`;
  return [
    row(
      `workspace snapshot, ${what}, all new (hashed and copied into the store)`,
      `${fmt(firstS, 2)} s`,
      `cp -a of the tree: ${fmt(copy, 2)} s`,
      `${fmt(firstS / copy, 2)}×`,
      "< 2 s",
      verdict(firstS < 2),
    ),
    row(
      "… again, nothing changed (stat only)",
      `${fmt(sameS, 2)} s`,
      "",
      "",
      "< 2 s",
      verdict(sameS < 2),
    ),
    row(
      "… after 10 files changed: time; bytes it added; store growth on disk",
      `${fmt(changedS, 2)} s; ${changed.addedBytes.toLocaleString("en")} B; ${
        growth.toLocaleString("en")
      } B`,
      `the 10 files: ${(10 * SIZE).toLocaleString("en")} B`,
      "",
      "only those 10",
      verdict(changed.addedBytes === 10 * SIZE && changedS < 2),
    ),
    row(
      "workspace restore: 10 files differ (with its safety snapshot)",
      `${fmt(restore10S, 2)} s`,
      "",
      "",
      "< 2 s",
      verdict(restore10S < 2),
    ),
    row(
      "… every file deleted first, all copied back (with its safety snapshot)",
      `${fmt(restoreAllS, 2)} s`,
      `cp -a of the tree just before: ${fmt(copyBefore, 2)} s`,
      `${fmt(restoreAllS / copyBefore, 2)}×`,
      "< 2 s",
      verdict(restoreAllS < 2),
    ),
    row(
      "zip of the workspace, streamed to a file: time; zip size; RSS growth at peak",
      `${fmt(zipS, 2)} s; ${mib(zipBytes)} MiB; +${mib(Math.max(0, peak - rssBefore))} MiB`,
      "",
      "",
      "memory flat (≪ 100 MiB)",
      verdict(peak - rssBefore < 50 * 2 ** 20),
    ),
    row(
      "… loaded into an empty workspace (judged, inflated to staging, moved in)",
      `${fmt(loadS, 2)} s; ${loaded.files.toLocaleString("en")} files`,
      "",
      "",
      "",
    ),
  ];
}

if (import.meta.main) console.log([...TABLE_HEADER, ...await benchWorkspace()].join("\n"));

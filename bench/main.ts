/**
 * `deno task bench`: runs every benchmark and prints a Markdown report with machine info, to
 * paste into docs/BENCHMARKS.md. Targets are checked here, never by timed tests.
 */
import { cpus, totalmem } from "node:os";
import { VERSION } from "../lib/version.ts";
import { benchStartup } from "./startup.ts";

const lines = [
  `Hearth ${VERSION}, Deno ${Deno.version.deno}, ${Deno.build.os}/${Deno.build.arch}, ` +
  `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${
    (totalmem() / 2 ** 30).toFixed(0)
  } GiB RAM, ` +
  new Date().toISOString().slice(0, 10),
  "",
  "| measure | result |",
  "| --- | --- |",
  ...await benchStartup(),
];
console.log(lines.join("\n"));

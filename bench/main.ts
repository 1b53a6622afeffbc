/**
 * `deno task bench`: runs every benchmark and prints a Markdown report with machine info, to
 * paste into docs/BENCHMARKS.md. Targets are checked here, never by timed tests.
 */
import { cpus, loadavg, totalmem } from "node:os";
import { VERSION } from "../lib/version.ts";
import { benchChat } from "./chat.ts";
import { benchConnections } from "./connections.ts";
import { TABLE_HEADER } from "./harness.ts";
import { benchModel } from "./model.ts";
import { benchRelay } from "./relay.ts";
import { benchStartup } from "./startup.ts";
import { benchToday } from "./today.ts";
import { benchCalendar } from "./calendar.ts";
import { benchUpload } from "./upload.ts";
import { benchIngest } from "./ingest.ts";
import { benchRag } from "./rag.ts";
import { benchWorkspace } from "./workspace.ts";
import { benchBackup } from "./backup.ts";

const lines = [
  `Hearth ${VERSION}, Deno ${Deno.version.deno}, ${Deno.build.os}/${Deno.build.arch}, ` +
  `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${
    (totalmem() / 2 ** 30).toFixed(0)
  } GiB RAM, ` +
  new Date().toISOString().slice(0, 10) +
  `, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")} at the start`,
  "",
  "| measure | result |",
  "| --- | --- |",
  ...await benchStartup(),
  "",
  ...TABLE_HEADER,
  ...await benchRelay(),
  ...await benchModel(),
  ...await benchChat(),
  ...await benchToday(),
  ...await benchCalendar(),
  ...await benchUpload(),
  ...await benchIngest(),
  ...await benchRag(),
  ...await benchWorkspace(),
  ...await benchBackup(256),
  "",
  ...await benchConnections(),
  "",
  `Load average ${loadavg().map((x) => x.toFixed(2)).join(" ")} at the end.`,
];
console.log(lines.join("\n"));

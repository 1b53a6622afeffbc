/**
 * The steps of `hearth setup` that talk the most: the system report, Ollama (install with its
 * log, start), the model list, and a download with a progress line. Words come from the
 * wizard's messages, numbers from the same formatters the web wizard uses.
 */
import { formatMemory, formatNumber, formatSize, type Translate } from "../i18n/format.ts";
import { pullParts, PullTracker } from "../ollama/pull_view.ts";
import type { PullProgress } from "../ollama/types.ts";
import {
  type ModelOption,
  type OllamaStep,
  ollamaStep,
  startSetupInstall,
  startSetupOllama,
  startSetupPull,
  systemStep,
} from "../setup/mod.ts";
import type { AppServices } from "../services.ts";
import { InputClosed, type Terminal } from "../setup/terminal.ts";
import { fitSummary } from "../setup/fit_view.ts";
import type { Task } from "../tasks/task.ts";

/** Stops the setup with a message for the person; exit code 1. */
export class SetupStop extends Error {}

/** The flags of `hearth setup` that the steps read. */
export interface RunFlags {
  model?: string;
  adminPasswordFile?: string;
  name?: string;
  yes?: boolean;
}

/** Context of one run. */
export interface Run {
  services: AppServices;
  term: Terminal;
  t: Translate;
  locale: string;
  options: RunFlags;
}

/** Asks a yes/no question (yes by default); `--yes` answers yes without asking. */
export async function confirm(run: Run, question: string): Promise<boolean> {
  if (run.options.yes) return true;
  const answer = await run.term.ask(`${question} ${run.t("setup.cli.yesNo")}`);
  if (answer === null) throw new InputClosed("end of input");
  return /^(|y|yes|j|ja)$/i.test(answer.trim());
}

/** Prints what the system check found and which models fit. */
export async function printSystem(run: Run): Promise<void> {
  const { t, term, services } = run;
  const { locale } = run;
  const size = (n: number) => formatSize(n, locale);
  const memory = (n: number) => formatMemory(n, locale);
  const { report, models, recommended, notes } = await systemStep(services);
  if (report.fake) term.print(t("setup.system.demo"));
  const gpus = report.gpus.map((g) =>
    g.unifiedMemory
      ? t("setup.system.gpuUnified", { name: g.name })
      : g.vramBytes
      ? t("setup.system.gpuValue", { name: g.name, vram: memory(g.vramBytes) })
      : g.name
  );
  const rows: [string, string][] = [
    [
      t("setup.system.memory"),
      t("setup.system.memoryValue", {
        total: memory(report.memory.totalBytes),
        available: memory(report.memory.availableBytes),
      }),
    ],
    [
      t("setup.system.disk"),
      report.disk.freeBytes === null ? t("setup.system.diskUnknown") : t("setup.system.diskValue", {
        free: size(report.disk.freeBytes),
        path: report.disk.path,
      }),
    ],
    [
      t("setup.system.cpu"),
      t("setup.system.cpuValue", {
        model: report.cpu.model,
        cores: report.cpu.cores,
      }),
    ],
    [t("setup.system.gpu"), gpus.length ? gpus.join(", ") : t("setup.system.gpuNone")],
    [t("setup.system.os"), `${report.os.platform} ${report.os.arch} · ${report.os.release}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) term.print(`  ${label.padEnd(width)}  ${value}`);
  term.print(fitSummary(models, t));
  if (recommended) term.print(t("setup.system.recommended", { model: recommended }));
  for (const note of notes) term.print(`  ! ${t(`setup.note.${note}`)}`);
}

/** Prints the chat models, numbered, and returns them in that order. */
export async function printModels(run: Run, installed: string[]): Promise<ModelOption[]> {
  const { t, term, services } = run;
  const { locale } = run;
  const { models } = await systemStep(services, installed);
  const width = Math.max(...models.map((m) => m.name.length));
  models.forEach((m, i) => {
    const marks = [
      t(`setup.model.fit.${m.fit}`),
      ...(m.recommended ? [t("setup.model.recommended")] : []),
      ...(m.installed ? [t("setup.model.installed")] : []),
    ].join(", ");
    const size = t("setup.model.size", {
      download: formatSize(m.downloadBytes, locale),
      ram: formatMemory(m.ramBytes, locale),
    });
    const n = String(i + 1).padStart(2);
    const params = formatNumber(m.parameters / 1e9, locale, 1);
    term.print(`${n}. ${m.name.padEnd(width)}  ${params}B · ${size} · ${marks}`);
  });
  return models;
}

/** Reads a task to its end, handing over its events; throws with its error, said by code. */
async function follow(run: Run, task: Task, onEvent: (event: string, data: unknown) => void) {
  let failure: { code: string; message: string } | null = null;
  for await (const chunk of task.read(0)) {
    if (chunk.event === "[DONE]") break;
    const data = JSON.parse(chunk.data);
    if (chunk.event === "error") failure = data;
    else onEvent(chunk.event, data);
  }
  if (failure) {
    const key = `setup.task.${failure.code}`;
    const text = run.t(key);
    const message = text === key ? failure.message : text;
    throw new SetupStop(run.t("setup.cli.failed", { message }));
  }
}

/**
 * Finds Ollama, offers to install it (Linux) or says how (elsewhere), offers to start it, and
 * returns where it stands. Without a model to download, nothing is installed or started.
 */
export async function runOllamaStep(run: Run, wantModel: boolean): Promise<OllamaStep> {
  const { t, term, services } = run;
  let status = await ollamaStep(services);
  if (wantModel && status.state === "missing" && status.canInstall) {
    term.print(t(`setup.ollama.state.missing`));
    if (await confirm(run, `${t("setup.cli.askInstall")} (${status.installCommand})`)) {
      term.print(t("setup.ollama.installing"));
      await follow(run, startSetupInstall(services), (event, data) => {
        if (event === "log") term.print(`  | ${(data as { line: string }).line}`);
        if (event === "blocked") {
          const { reason, command, missing } = data as {
            reason: string;
            command: string;
            missing?: string[];
          };
          term.print(t(`setup.ollama.blocked.${reason}`, { tools: (missing ?? []).join(", ") }));
          term.print(`    ${command}`);
        }
      });
      status = await ollamaStep(services);
    }
  }
  if (wantModel && status.state === "stopped" && (await confirm(run, t("setup.cli.askStart")))) {
    term.print(t("setup.ollama.starting"));
    status = await startSetupOllama(services);
  }
  term.print(t(`setup.ollama.state.${status.state}`, {
    version: status.version ?? "",
    host: status.host,
  }));
  if (status.state === "missing" && !status.canInstall) {
    const os = ["darwin", "windows"].includes(status.platform) ? status.platform : "other";
    term.print(t(`setup.ollama.manual.${os}`, { url: "https://ollama.com/download" }));
  }
  return status;
}

/** Downloads `model`, showing bytes, rate and time left; it becomes the chosen model. */
export async function runPull(run: Run, model: string): Promise<void> {
  const { t, term, services } = run;
  const { locale } = run;
  term.print(t("setup.cli.downloading", { model }));
  const tracker = new PullTracker();
  let shown = -1;
  const task = startSetupPull(services, model);
  await follow(run, task, (event, data) => {
    if (event !== "progress") return;
    const view = tracker.add(data as PullProgress);
    if (view.phase !== "download") return;
    // A pipe gets a line per 10%; a terminal rewrites one line on every change.
    const step = term.live ? Math.floor(view.percent) : Math.floor(view.percent / 10) * 10;
    if (step <= shown) return;
    shown = step;
    const words = {
      bytes: "setup.model.progress",
      rate: "setup.model.rate",
      eta: "setup.model.eta",
    };
    term.status(`  ${pullParts(view, t, locale, words).join(" · ")}`);
  });
  // The task's end marks the model as chosen; make sure that ran before finishing.
  await task.ended;
  term.print(t("setup.model.done", { model }));
}

/**
 * The wizard's steps as functions, shared by the web wizard (`/api/setup/*`) and `hearth setup`
 * in the terminal: what the system check found and which models fit, where Ollama stands,
 * installing and starting it, downloading a model as a resumable task, and finishing.
 */
import { HttpError, TaskRunningError, ValidationError } from "../http/errors.ts";
import type { Locale } from "../i18n/mod.ts";
import { isLoopback } from "../ollama/local.ts";
import { INSTALL_COMMAND, isValidModelName, modelKey, sameModel } from "../ollama/mod.ts";
import { startInstallTask, startPullTask } from "../ollama/tasks.ts";
import type { AppServices } from "../services.ts";
import { CATALOGUE } from "../system/mod.ts";
import { SETUP } from "../tasks/owner.ts";
import type { Task } from "../tasks/task.ts";
import { setupStateOf } from "./state.ts";
import type { ModelOption, OllamaState, OllamaStep, SystemNote, SystemStep } from "./types.ts";

/** The system check and which chat models fit; `installed` marks what Ollama already has. */
export async function systemStep(
  services: AppServices,
  installed: string[] = [],
): Promise<SystemStep> {
  const { report, recommendation } = await services.systemCheck();
  const have = new Set(installed.map(modelKey));
  const chat = recommendation.chat;
  const fits = new Map(recommendation.models.map((m) => [m.name, m]));
  const models = CATALOGUE.filter((m) => m.kind === "chat").map((m): ModelOption => {
    const fit = fits.get(m.name);
    return {
      name: m.name,
      parameters: m.parameters,
      downloadBytes: m.downloadBytes,
      ramBytes: m.ramBytes,
      tools: m.capabilities.includes("tools"),
      fit: !fit?.fits ? "too_big" : fit.comfortable ? "fits" : "tight",
      runsOn: fit?.runsOn ?? null,
      recommended: m.name === chat?.name,
      installed: have.has(modelKey(m.name)),
    };
  });
  const { budget } = recommendation;
  const notes: SystemNote[] = [];
  if (chat && chat.runsOn === null) notes.push("too_small");
  else if (models.find((m) => m.recommended)?.fit === "tight") notes.push("tight");
  if (budget.gpuBytes === null && !budget.unifiedMemory) notes.push("no_gpu");
  if (budget.diskBytes === null) notes.push("disk_unknown");
  return { report, budget, recommended: chat?.name ?? null, notes, models };
}

/** Where Ollama stands: running, installed but stopped, missing, or a remote host down. */
export async function ollamaStep(services: AppServices): Promise<OllamaStep> {
  const status = await services.ollama.status();
  const reachable = status.hosts.filter((h) => h.reachable);
  const host = status.hosts[0]?.url ?? services.config.current.ollama.hosts[0];
  const local = isLoopback(host);
  const platform = services.ollama.os;
  const state: OllamaState = reachable.length
    ? "running"
    : !local
    ? "unreachable"
    : status.binary.found
    ? "stopped"
    : "missing";
  return {
    state,
    host,
    local,
    version: reachable[0]?.version ?? status.binary.version,
    models: reachable.flatMap((h) => h.models.map((m) => m.name)),
    canInstall: platform === "linux" && local,
    platform,
    installCommand: INSTALL_COMMAND,
  };
}

/** Starts the Ollama installer, or returns the one already running. */
export function startSetupInstall(services: AppServices): Task {
  const state = setupStateOf(services);
  const running = runningTask(services, state.progress.installTaskId);
  if (running) return running;
  const task = startInstallTask(services.ollama, services.tasks, {
    owner: SETUP,
    log: (message, fields) => services.log.warn(message, fields),
  });
  state.progress.installTaskId = task.id;
  return task;
}

/** Starts `ollama serve` when it is installed but not running; returns the new state. */
export async function startSetupOllama(services: AppServices): Promise<OllamaStep> {
  await services.ollama.ensureRunning();
  return await ollamaStep(services);
}

function checkModelName(model: string): void {
  if (!isValidModelName(model)) {
    throw new ValidationError("model", `model: "${model}" is not a valid model name`);
  }
}

/**
 * 409 `setup_pull_running` for the wizard's running download `task`: the body names the task,
 * so the wizard follows it (with its Cancel) instead of meeting a dead end.
 */
export function pullRunningError(task: Task): TaskRunningError {
  const model = String(task.meta.model);
  return new TaskRunningError(
    task.id,
    "setup_pull_running",
    `${model} is still downloading. Wait for it or cancel it first.`,
    { model },
  );
}

/**
 * Downloads `model` as a resumable task. Asking again for the model being downloaded returns
 * that task; another model while one downloads is 409 `setup_pull_running` naming the running
 * task. When the download succeeds, the model becomes the wizard's choice.
 */
export function startSetupPull(services: AppServices, model: string): Task {
  checkModelName(model);
  const state = setupStateOf(services);
  const running = runningTask(services, state.progress.pullTaskId);
  if (running) {
    if (sameModel(String(running.meta.model), model)) {
      return running;
    }
    throw pullRunningError(running);
  }
  const task = startPullTask(services.ollama, services.tasks, { owner: SETUP, model });
  state.progress.pullTaskId = task.id;
  task.ended.then(() => {
    if (task.status === "done") state.progress.model = model;
  });
  return task;
}

/** Chooses a model Ollama already has, without downloading it. */
export async function chooseSetupModel(services: AppServices, model: string): Promise<void> {
  checkModelName(model);
  const { models } = await ollamaStep(services);
  // The name as Ollama lists it: `Llama3.2` chooses `llama3.2:latest`.
  const listed = models.find((m) => sameModel(m, model));
  if (!listed) {
    throw new HttpError(
      409,
      "setup_model_missing",
      `${model} is not on the Ollama server yet. Download it first.`,
      {},
      { model },
    );
  }
  setupStateOf(services).progress.model = listed;
}

/** Remembers the wizard's language (saved to the config when the wizard finishes). */
export function chooseSetupLocale(services: AppServices, locale: Locale): void {
  setupStateOf(services).progress.locale = locale;
}

/** The wizard's task with this id if it is still running. */
function runningTask(services: AppServices, id: string | undefined): Task | undefined {
  if (!id) return undefined;
  try {
    const task = services.tasks.get(id, SETUP);
    return task.running ? task : undefined;
  } catch {
    return undefined; // evicted: nothing runs
  }
}

/** The wizard's running download, if any (a reloaded page reattaches to it). */
export function runningSetupPull(services: AppServices): Task | undefined {
  return runningTask(services, setupStateOf(services).progress.pullTaskId);
}

/** The wizard's running installation, if any. */
export function runningSetupInstall(services: AppServices): Task | undefined {
  return runningTask(services, setupStateOf(services).progress.installTaskId);
}

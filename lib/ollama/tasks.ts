/**
 * Long Ollama operations (install, pull, create) as streaming tasks, so they share the one
 * buffer/resume/cancel mechanism with chat: a closed tab does not stop a 5 GB download, and a
 * reopened one picks the progress up where it left off.
 *
 * Events: `progress` (pull/create: the service's progress objects), `log` and `manual`
 * (install), then the registry's own `done` or `error` and `[DONE]`.
 */
import type { TaskRegistry } from "../tasks/registry.ts";
import type { Task } from "../tasks/task.ts";
import type { TaskOwner } from "../tasks/types.ts";
import { HttpError } from "../http/errors.ts";
import type { CreateModelOptions, OllamaService } from "./types.ts";

/** The kinds of task this module starts. */
export const OLLAMA_TASK_KINDS = ["pull", "create", "install"];

/** Who may read and cancel the task (the admin, or the wizard during setup). */
interface Owner {
  owner: TaskOwner;
}

/** Starts pulling `model`; `done` carries `{ model }`. */
export function startPullTask(
  ollama: OllamaService,
  tasks: TaskRegistry,
  { owner, model }: Owner & { model: string },
): Task {
  return tasks.start({
    owner,
    kind: "pull",
    meta: { model },
    async run(out, signal) {
      for await (const progress of ollama.pull(model, { signal })) {
        out.emit("progress", progress);
      }
      out.emit("done", { model });
    },
  });
}

/** Starts building a custom model; `done` carries `{ model }`. */
export function startCreateTask(
  ollama: OllamaService,
  tasks: TaskRegistry,
  { owner, ...options }: Owner & CreateModelOptions,
): Task {
  return tasks.start({
    owner,
    kind: "create",
    meta: { model: options.name, base: options.base },
    async run(out, signal) {
      for await (const progress of ollama.create(options, { signal })) {
        out.emit("progress", progress);
      }
      out.emit("done", { model: options.name });
    },
  });
}

/**
 * Runs the Ollama installer (Linux) or tells what to do instead. An installer that fails, or
 * that Hearth did not run (`blocked`: a missing tool, a sudo password), ends the task as an
 * error with its own code (`install_failed`, `install_missing_tools`, `install_needs_sudo`),
 * after a `blocked` event with the command to run instead; `log` (the admin's log) gets the
 * installer's last lines.
 */
export function startInstallTask(
  ollama: OllamaService,
  tasks: TaskRegistry,
  { owner, log }: Owner & { log?: (message: string, fields: Record<string, unknown>) => void },
): Task {
  return tasks.start({
    owner,
    kind: "install",
    async run(out, signal) {
      for await (const event of ollama.install(signal)) {
        if (event.type === "log") out.emit("log", { stream: event.stream, line: event.line });
        else if (event.type === "manual") out.emit("manual", event);
        else if (event.type === "blocked") {
          out.emit("blocked", event);
          log?.("ollama install not run", { reason: event.reason, command: event.command });
          const code = event.reason === "sudo" ? "install_needs_sudo" : "install_missing_tools";
          throw new HttpError(409, code, event.message);
        } else if (!event.ok) {
          if (!signal.aborted) {
            log?.("ollama install failed", { code: event.code, output: event.output ?? [] });
          }
          throw new HttpError(502, "install_failed", event.message);
        } else out.emit("done", { ok: true, message: event.message });
      }
    },
  });
}

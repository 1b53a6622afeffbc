/**
 * Pieces the Ollama admin routes share: who owns admin tasks, the SSE answer that names its
 * task, the model-name schema, and the status with each model's context length.
 */
import { z } from "zod";
import {
  type HostStatus,
  type InstalledModel,
  isValidModelName,
  type OllamaService,
  type OllamaStatus,
} from "../../../lib/ollama/mod.ts";
import type { TaskRegistry } from "../../../lib/tasks/registry.ts";
import { sseResponse } from "../../../lib/tasks/sse.ts";
import type { Task, TaskInfo } from "../../../lib/tasks/task.ts";

/**
 * The owner of tasks started from the admin pages. There is one admin, and a pull started on
 * the laptop must show on the phone too, so admin tasks do not belong to a device's profile.
 */
export const ADMIN_OWNER = "admin";

/** Response header with the id of the task a POST started (for cancel and resume). */
export const TASK_HEADER = "X-Hearth-Task";

const KINDS = new Set(["pull", "create", "install"]);

/** The admin's Ollama tasks (pull, create, install) the registry still tracks, oldest first. */
export function adminTasks(tasks: TaskRegistry): TaskInfo[] {
  return tasks.list(ADMIN_OWNER).filter((t) => KINDS.has(t.kind)).map((t) => t.info());
}

/** A model name as Ollama accepts it (`llama3.2`, `library/qwen2.5:7b`). */
export const modelName = z.string().trim().min(1).max(200).refine(
  isValidModelName,
  "not a valid model name",
);

/** The SSE stream of `task` from `offset`, with the task id in a header and its resume URL. */
export function taskResponse(task: Task, offset = 0): Response {
  const res = sseResponse(task, { offset });
  res.headers.set(TASK_HEADER, task.id);
  res.headers.set("Location", `/api/ollama/tasks/${task.id}/stream`);
  return res;
}

/** An installed model with what `show` adds: the trained context and the baked-in `num_ctx`. */
export interface ModelRow extends InstalledModel {
  contextLength?: number;
  numCtx?: number;
}

/** One host as the admin pages show it. */
export interface HostView extends Omit<HostStatus, "models"> {
  models: ModelRow[];
}

/** `GET /api/ollama/status`. */
export interface StatusView extends Omit<OllamaStatus, "hosts"> {
  hosts: HostView[];
}

/**
 * The service's status, with each model's context length read from `show` on its own host. A
 * model whose details cannot be read keeps its row without them.
 */
export async function statusWithContext(ollama: OllamaService): Promise<StatusView> {
  const status = await ollama.status();
  const hosts = await Promise.all(status.hosts.map(async (host): Promise<HostView> => {
    if (!host.reachable) return host;
    const models = await Promise.all(host.models.map(async (model): Promise<ModelRow> => {
      try {
        const details = await ollama.show(model.name, { host: host.url });
        return { ...model, contextLength: details.contextLength, numCtx: details.numCtx };
      } catch {
        return model;
      }
    }));
    return { ...host, models };
  }));
  return { ...status, hosts };
}

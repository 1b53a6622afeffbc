/**
 * Baking a gem into an Ollama custom model (`/api/create`: `from` the gem's model, `system` its
 * instructions, `parameters` its temperature and context size), named `hearth-<slug>`, as a
 * `create` task with progress like the models page's builds. A gem with form fields is refused
 * (409 `gem_has_fields`): its instructions only make sense with the form's values put in, and a
 * model with `{{text}}` in its system prompt would show the placeholders to the model as if they
 * were the task. A gem without fields bakes into a model anyone can chat with.
 */
import { HttpError } from "../http/errors.ts";
import { startCreateTask } from "../ollama/tasks.ts";
import type { OllamaService } from "../ollama/types.ts";
import type { TaskRegistry } from "../tasks/registry.ts";
import type { Task } from "../tasks/task.ts";
import type { TaskOwner } from "../tasks/types.ts";
import type { Gem } from "./types.ts";

/** `hearth-<name in lowercase letters, digits and dashes>`, e.g. `hearth-kitchen-helper`. */
export function bakedName(gem: Pick<Gem, "name" | "id">): string {
  const slug = gem.name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/ß/g, "ss").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
  return `hearth-${slug || gem.id.slice(-8).toLowerCase()}`;
}

/** Starts the build; `done` carries `{ model }`. */
export function bakeGem(
  ollama: OllamaService,
  tasks: TaskRegistry,
  input: { owner: TaskOwner; gem: Gem; defaultModel: string },
): Task {
  const { gem } = input;
  if (gem.fields.length) {
    throw new HttpError(
      409,
      "gem_has_fields",
      "A gem with form fields cannot be baked: its instructions need the form's values. " +
        "Bake a gem without placeholders.",
    );
  }
  const base = gem.model || input.defaultModel;
  if (!base) {
    throw new HttpError(
      409,
      "no_model",
      "No chat model is chosen yet: pick one in the model menu.",
    );
  }
  return startCreateTask(ollama, tasks, {
    owner: input.owner,
    name: bakedName(gem),
    base,
    system: gem.instructions,
    ...(gem.parameters.numCtx !== undefined && { numCtx: gem.parameters.numCtx }),
    ...(gem.parameters.temperature !== undefined && { temperature: gem.parameters.temperature }),
  });
}

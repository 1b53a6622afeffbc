/**
 * What `GET /api/setup/status` tells the wizard: setup mode or not, whether this browser may use
 * the wizard, and (with access) the answers so far and the wizard's tasks, so a reloaded page
 * resumes where it was: a running download reattaches to its task.
 */
import type { Locale } from "../i18n/types.ts";
import type { AppServices } from "../services.ts";
import { SETUP } from "../tasks/owner.ts";
import { setupStateOf } from "./state.ts";
import type { SetupStatus, SetupTaskView } from "./types.ts";

function taskView(services: AppServices, id: string | undefined): SetupTaskView | null {
  if (!id) return null;
  try {
    const task = services.tasks.get(id, SETUP);
    const model = task.meta.model;
    return { id: task.id, status: task.status, model: typeof model === "string" ? model : null };
  } catch {
    return null; // evicted
  }
}

/** The status for a request in `locale` that has (or lacks) wizard `access`. */
export async function setupStatus(
  services: AppServices,
  access: boolean,
  locale: Locale,
): Promise<SetupStatus> {
  const state = setupStateOf(services);
  const setup = await state.active();
  if (!setup || !access) return { setup, access: false };
  const { progress } = state;
  return {
    setup,
    access,
    locale: progress.locale ?? locale,
    localeChosen: progress.locale !== undefined,
    model: progress.model ?? null,
    pull: taskView(services, progress.pullTaskId),
    install: taskView(services, progress.installTaskId),
    fake: services.fake,
  };
}

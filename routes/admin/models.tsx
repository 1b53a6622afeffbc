import ModelManager from "../../islands/ModelManager.tsx";
import { messages } from "../../lib/i18n/mod.ts";
import type { TaskInfo } from "../../lib/tasks/task.ts";
import { define } from "../../lib/web/define.ts";
import { AdminTabs, taskErrors } from "./(_components)/AdminTabs.tsx";
import { adminTasks, type StatusView, statusWithContext } from "../api/ollama/_shared.ts";

/** Admin only. */
export const config = { admin: true };

interface Data {
  status: StatusView;
  tasks: TaskInfo[];
}

/** `/admin/models`: Ollama and its models. */
export const handler = define.handlers({
  async GET(ctx) {
    const { ollama, tasks } = ctx.state.services;
    const status = await statusWithContext(ollama);
    return { data: { status, tasks: adminTasks(tasks) } };
  },
});

/** The models page: the Ollama hosts, downloads, installed models and custom models. */
export default define.page<Data>(function ModelsPage({ data, state }) {
  const { t, locale } = state;
  return (
    <>
      <AdminTabs current="models" t={t} />
      <section class="hero">
        <h1>{t("models.title")}</h1>
        <p>{t("models.intro")}</p>
      </section>
      <ModelManager
        messages={messages(locale, "models.")}
        errors={taskErrors(t)}
        locale={locale}
        status={data.status}
        tasks={data.tasks}
      />
    </>
  );
});

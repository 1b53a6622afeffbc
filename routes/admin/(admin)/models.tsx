import ModelManager from "../../../islands/ModelManager.tsx";
import { messages } from "../../../lib/i18n/mod.ts";
import { OLLAMA_TASK_KINDS } from "../../../lib/ollama/tasks.ts";
import type { StatusView } from "../../../lib/ollama/types.ts";
import { ADMIN } from "../../../lib/tasks/owner.ts";
import type { TaskInfo } from "../../../lib/tasks/types.ts";
import { page } from "../../../lib/web/define.ts";
import { define } from "../../../utils.ts";
import { AdminTabs, taskErrors } from "../../../components/admin/AdminTabs.tsx";
import { QueuePanel } from "../../../components/admin/QueuePanel.tsx";
import { adminQueueView, type QueueAdminView } from "../../../lib/ai/queue_view.ts";
import { statusWithContext } from "../../api/admin/(admin)/ollama/_shared.ts";

interface Data {
  status: StatusView;
  tasks: TaskInfo[];
  queue: QueueAdminView;
}

/** `/admin/models`: Ollama and its models. */
export const handler = define.handlers({
  async GET(ctx) {
    const { services } = ctx.state;
    const status = await statusWithContext(services.ollama);
    const running = services.tasks.list(ADMIN, OLLAMA_TASK_KINDS).map((t) => t.info());
    return page<Data>({ status, tasks: running, queue: await adminQueueView(services) });
  },
});

/** The models page: the Ollama hosts, downloads, installed models and custom models. */
export default define.page<typeof handler>(function ModelsPage({ data, state }) {
  const { t, locale } = state;
  return (
    <>
      <AdminTabs current="models" t={t} />
      <section class="hero">
        <h1>{t("models.title")}</h1>
        <p>
          {data.status.hosts.some((h) => h.local) ? t("models.intro") : t("models.introRemote")}
        </p>
      </section>
      <ModelManager
        messages={messages(locale, "models.")}
        errors={taskErrors(t)}
        locale={locale}
        status={data.status}
        tasks={data.tasks}
      />
      <QueuePanel view={data.queue} t={t} locale={locale} />
    </>
  );
});

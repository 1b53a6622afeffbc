/**
 * The model queue on the admin's models page: for each host and model with requests, who is
 * being answered and who waits, in the order they will be served. A snapshot of when the page
 * was made (reload for a fresh one; `GET /api/admin/queue` has the same).
 */
import type { QueueAdminView, QueueRequestView } from "../../lib/ai/queue_view.ts";
import { formatDuration, type Translate } from "../../lib/i18n/format.ts";

/** Labels the priority already says (a reply is a chat, a title a title). */
const SAID_BY_PRIORITY = new Set(["chat", "title"]);

function Request({ r, t, locale }: { r: QueueRequestView; t: Translate; locale: string }) {
  return (
    <li>
      <strong>{t(`models.queue.priority.${r.priority}`)}</strong>
      {r.label && !SAID_BY_PRIORITY.has(r.label) && ` · ${r.label}`}
      {r.who && ` · ${r.who}`} · {formatDuration(Math.round(r.forMs / 1000), locale)}
    </li>
  );
}

/** The queue, or a line saying it is empty. */
export function QueuePanel(
  { view, t, locale }: { view: QueueAdminView; t: Translate; locale: string },
) {
  return (
    <section class="card queue-panel" aria-labelledby="queue-title">
      <h2 id="queue-title">{t("models.queue.title")}</h2>
      <p class="hint">{t("models.queue.intro", { n: view.parallel })}</p>
      {view.lines.length === 0
        ? <p>{t("models.queue.empty")}</p>
        : view.lines.map((line) => (
          <div class="queue-line" key={`${line.host} ${line.model}`}>
            <h3>
              {line.model} <small class="hint">{line.host}</small>
            </h3>
            <p>{t("models.queue.running", { n: line.running.length })}</p>
            <ul>
              {line.running.map((r, i) => <Request key={`r${i}`} r={r} t={t} locale={locale} />)}
            </ul>
            <p>{t("models.queue.waiting", { n: line.waiting.length })}</p>
            <ol>
              {line.waiting.map((r, i) => <Request key={`w${i}`} r={r} t={t} locale={locale} />)}
            </ol>
          </div>
        ))}
    </section>
  );
}

/**
 * The admin's health page: the report rendered on the server first, then fetched again from
 * `GET /api/admin/health` every few seconds while the page is visible.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { apiJson, errorText } from "../lib/client/api.ts";
import { fill, formatBytes, formatDateTime } from "../lib/i18n/format.ts";
import type { HealthReport, Section } from "../lib/health/types.ts";

interface Props {
  report: HealthReport;
  /** `en` or `de`, for numbers and dates. */
  locale: string;
  /** The `health.*` messages in the page's language. */
  messages: Record<string, string>;
  /** Seconds between two checks. */
  everySeconds?: number;
}

export default function HealthView({ report, locale, messages: m, everySeconds = 5 }: Props) {
  const data = useSignal(report);
  const problem = useSignal("");
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (!document.hidden) {
        try {
          data.value = await apiJson<HealthReport>("/api/admin/health");
          problem.value = "";
        } catch (err) {
          problem.value = fill(m["health.refreshFailed"], { error: errorText(err, "") });
        }
      }
      if (!stopped) timer = setTimeout(tick, everySeconds * 1000);
    };
    timer = setTimeout(tick, everySeconds * 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  const r = data.value;
  const bytes = (n: number) => formatBytes(n, locale, { binary: true });
  const when = (iso: string) => formatDateTime(iso, locale);
  const failed = <T,>(s: Section<T>): s is { error: string } =>
    typeof s === "object" && s !== null && "error" in s && typeof s.error === "string" &&
    Object.keys(s).length === 1;
  const failure = (s: { error: string }) => (
    <p class="health-bad">{fill(m["health.failed"], { error: s.error })}</p>
  );

  return (
    <div class="health" data-checked={r.checkedAt}>
      <p class="muted health-checked">
        {fill(m["health.checked"], { time: when(r.checkedAt) })}
        {problem.value && <span class="health-bad" role="alert">{problem.value}</span>}
      </p>

      <section class="health-card" aria-labelledby="health-ollama">
        <h2 id="health-ollama">{m["health.ollama"]}</h2>
        {r.ollama.map((h) => (
          <div key={h.url} class="health-host" data-reachable={String(h.reachable)}>
            <p>
              <span class={h.reachable ? "health-ok" : "health-bad"}>
                {h.reachable ? m["health.host.up"] : m["health.host.down"]}
              </span>{" "}
              <code>{h.url}</code>
            </p>
            {h.reachable && (
              <p class="muted">
                {fill(m["health.host.version"], { version: h.version ?? "?", ms: h.ms ?? 0 })}
              </p>
            )}
            {h.error && <p class="health-bad health-detail">{h.error}</p>}
            {h.reachable && (h.running.length === 0
              ? <p class="muted">{m["health.running.none"]}</p>
              : (
                <div class="health-scroll">
                  <table class="health-table">
                    <thead>
                      <tr>
                        <th>{m["health.col.model"]}</th>
                        <th>{m["health.col.size"]}</th>
                        <th>{m["health.col.vram"]}</th>
                        <th>{m["health.col.context"]}</th>
                        <th>{m["health.col.expires"]}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {h.running.map((x) => (
                        <tr key={x.name}>
                          <td>{x.name}</td>
                          <td>{x.size === undefined ? "–" : bytes(x.size)}</td>
                          <td>{bytes(x.sizeVram)}</td>
                          <td>{x.contextLength?.toLocaleString(locale) ?? "–"}</td>
                          <td>{x.expiresAt ? when(x.expiresAt) : "–"}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ))}
          </div>
        ))}
      </section>

      <section class="health-card" aria-labelledby="health-queue">
        <h2 id="health-queue">{m["health.queue"]}</h2>
        {failed(r.queue)
          ? failure(r.queue)
          : r.queue.lines.length === 0
          ? <p class="muted">{m["health.queue.empty"]}</p>
          : (
            <ul>
              {r.queue.lines.map((l) => (
                <li key={`${l.host} ${l.model}`}>
                  {fill(m["health.queue.line"], {
                    model: l.model,
                    host: l.host,
                    running: l.running.length,
                    waiting: l.waiting.length,
                  })}
                </li>
              ))}
            </ul>
          )}
      </section>

      <section class="health-card" aria-labelledby="health-tasks">
        <h2 id="health-tasks">{m["health.tasks"]}</h2>
        <p>
          {fill(m["health.tasks.summary"], {
            running: r.tasks.stats.running,
            finished: r.tasks.stats.finished,
            bytes: bytes(r.tasks.stats.bytes),
            cap: bytes(r.tasks.stats.totalCap),
          })}
        </p>
        {r.tasks.running.length === 0
          ? <p class="muted">{m["health.tasks.none"]}</p>
          : (
            <div class="health-scroll">
              <table class="health-table">
                <thead>
                  <tr>
                    <th>{m["health.col.kind"]}</th>
                    <th>{m["health.col.model"]}</th>
                    <th>{m["health.col.buffer"]}</th>
                    <th>{m["health.col.age"]}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.tasks.running.map((t) => (
                    <tr key={t.id}>
                      <td>{t.kind}</td>
                      <td>{t.model ?? "–"}</td>
                      <td>{bytes(t.bytes)}</td>
                      <td>{fill(m["health.seconds"], { seconds: t.ageSeconds })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
      </section>

      <section class="health-card" aria-labelledby="health-db">
        <h2 id="health-db">{m["health.database"]}</h2>
        {failed(r.database) ? failure(r.database) : (
          <p>
            {fill(m["health.database.size"], {
              total: bytes(r.database.totalBytes),
              db: bytes(r.database.bytes),
              wal: bytes(r.database.walBytes),
            })}
          </p>
        )}
        <h2>{m["health.backup"]}</h2>
        {failed(r.backup) ? failure(r.backup) : r.backup.last
          ? (
            <p>
              {fill(m["health.backup.last"], {
                date: when(r.backup.last.createdAt),
                name: r.backup.last.name,
                size: bytes(r.backup.last.bytes),
                count: r.backup.count,
              })}
            </p>
          )
          : <p class="muted">{m["health.backup.none"]}</p>}
        <h2>{m["health.cert"]}</h2>
        {failed(r.certificate) ? failure(r.certificate) : (
          <>
            {!r.certificate.https && <p class="muted">{m["health.cert.off"]}</p>}
            {r.certificate.notAfter === null
              ? (r.certificate.https && <p class="health-bad">{m["health.cert.none"]}</p>)
              : (
                <p class={r.certificate.warn ? "health-warn" : undefined}>
                  {fill(m["health.cert.until"], {
                    date: when(r.certificate.notAfter),
                    days: r.certificate.daysLeft ?? 0,
                  })} {r.certificate.warn && m["health.cert.warn"]}
                </p>
              )}
          </>
        )}
      </section>

      <section class="health-card" aria-labelledby="health-errors">
        <h2 id="health-errors">{m["health.errors"]}</h2>
        {r.errors.length === 0
          ? <p class="muted">{m["health.errors.none"]}</p>
          : (
            <ol class="health-errors">
              {r.errors.slice().reverse().map((e) => (
                <li key={e.seq}>
                  <time dateTime={e.time}>{when(e.time)}</time> <strong>{e.msg}</strong>
                  {e.fields && <code>{JSON.stringify(e.fields)}</code>}
                </li>
              ))}
            </ol>
          )}
      </section>
    </div>
  );
}

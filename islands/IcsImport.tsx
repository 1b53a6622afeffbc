/**
 * Import a calendar file (`/me/calendar`): pick an .ics file, see what it holds (a dry run of
 * `POST /api/events/import`: how many events, the first ones, and each one left out with its
 * reason), then import it. Importing the same file again updates its events.
 */
import { useSignal } from "@preact/signals";
import { apiError, errorText } from "../lib/client/api.ts";
import { apiFetch } from "../lib/client/session.ts";
import { fill } from "../lib/i18n/format.ts";
import type { ImportReport } from "../lib/ics/types.ts";

interface Props {
  /** The `ics.import.*` messages in the page's language. */
  messages: Record<string, string>;
  locale: string;
  /** The largest file the box takes, in bytes. */
  maxBytes: number;
}

async function send(file: File, dryRun: boolean): Promise<ImportReport> {
  const res = await apiFetch(`/api/events/import${dryRun ? "?dryRun=1" : ""}`, {
    method: "POST",
    headers: { "content-type": "text/calendar" },
    body: file,
  });
  if (!res.ok) throw await apiError(res);
  return await res.json();
}

export default function IcsImport({ messages: m, locale, maxBytes }: Props) {
  const file = useSignal<File | null>(null);
  const preview = useSignal<ImportReport | null>(null);
  const done = useSignal<ImportReport | null>(null);
  const busy = useSignal(false);
  const error = useSignal("");

  // As the event has it: a day, or a time in the event's own zone.
  const when = (start: string, allDay: boolean, timeZone: string) =>
    new Intl.DateTimeFormat(locale, {
      dateStyle: "medium",
      ...(allDay ? { timeZone: "UTC" } : { timeStyle: "short", timeZone }),
    }).format(new Date(allDay ? `${start}T00:00:00Z` : start));

  const run = async (work: () => Promise<void>) => {
    busy.value = true;
    error.value = "";
    try {
      await work();
    } catch (err) {
      error.value = errorText(err, m["ics.import.network"]);
    } finally {
      busy.value = false;
    }
  };

  const pick = (e: Event) => {
    const chosen = (e.currentTarget as HTMLInputElement).files?.[0] ?? null;
    file.value = chosen;
    preview.value = null;
    done.value = null;
    error.value = "";
    if (!chosen) return;
    if (chosen.size > maxBytes) {
      error.value = m["ics.import.tooLarge"];
      return;
    }
    run(async () => {
      preview.value = await send(chosen, true);
    });
  };

  const commit = () =>
    run(async () => {
      if (!file.value) return;
      done.value = await send(file.value, false);
      preview.value = null;
    });

  const shown = done.value ?? preview.value;
  return (
    <div class="ics-import">
      <label class="auth-field">
        <span>{m["ics.import.file"]}</span>
        <input
          type="file"
          accept=".ics,.ical,.ifb,.icalendar,text/calendar"
          onChange={pick}
          disabled={busy.value}
          data-ics-file
        />
      </label>
      <p class="auth-error" role="alert">{error.value}</p>
      {busy.value && <p class="muted" role="status">{m["ics.import.reading"]}</p>}
      {shown && (
        <div class="ics-report" data-ics-report>
          <p role="status">
            <strong>
              {fill(
                done.value ? m["ics.import.done"] : m["ics.import.preview"],
                { found: shown.found, created: shown.created, updated: shown.updated },
              )}
            </strong>
          </p>
          {shown.sample.length > 0 && (
            <ul class="ics-sample">
              {shown.sample.map((e) => (
                <li key={e.uid}>
                  <span class="ics-sample-title">{e.title}</span>
                  <span class="muted">
                    {when(e.start, e.allDay, e.timeZone)}
                    {e.rrule ? ` · ${m["ics.import.repeats"]}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {shown.skippedCount > 0 && (
            <details class="ics-skipped">
              <summary>{fill(m["ics.import.skipped"], { count: shown.skippedCount })}</summary>
              <ul>
                {shown.skipped.map((s, i) => (
                  <li key={`${s.uid}-${i}`}>
                    <strong>{s.title || s.uid}</strong>: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {preview.value && (preview.value.created + preview.value.updated) > 0 && (
            <div class="auth-actions">
              <button type="button" class="button" onClick={commit} disabled={busy.value}>
                {m["ics.import.commit"]}
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

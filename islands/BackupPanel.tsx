/**
 * The admin's Backups page: back up now, the stored backups (download, delete), restoring a
 * backup file (replace or add; the file is sent as it is, streamed), and the schedule.
 */
import { useSignal } from "@preact/signals";
import { ApiError, apiError, apiJson, errorText } from "../lib/client/api.ts";
import { apiFetch } from "../lib/client/session.ts";
import { fill, formatDateTime, formatSize } from "../lib/i18n/format.ts";

interface Backup {
  name: string;
  bytes: number;
  createdAt: string;
}

interface Schedule {
  frequency: "off" | "daily" | "weekly";
  time: string;
  weekday: number;
  keep: number;
}

interface Props {
  backups: Backup[];
  schedule: Schedule;
  locale: string;
  /** The `backup.*` messages in the page's language. */
  messages: Record<string, string>;
}

export default function BackupPanel({ backups, schedule, locale, messages: m }: Props) {
  const list = useSignal(backups);
  const busy = useSignal<"" | "backup" | "restore" | "schedule">("");
  const error = useSignal("");
  const notice = useSignal("");
  const plan = useSignal<Schedule>({ ...schedule });
  const mode = useSignal<"replace" | "add">("replace");
  const file = useSignal<File | null>(null);

  const run = async (what: typeof busy.value, work: () => Promise<void>) => {
    busy.value = what;
    error.value = "";
    notice.value = "";
    try {
      await work();
    } catch (err) {
      error.value = errorText(err, m["backup.network"]);
    } finally {
      busy.value = "";
    }
  };
  const reload = async () => {
    list.value = (await apiJson<{ backups: Backup[] }>("/api/admin/backups")).backups;
  };

  const backupNow = () =>
    run("backup", async () => {
      await apiJson("/api/admin/backups", "POST");
      await reload();
    });

  const remove = (b: Backup) => {
    if (!confirm(fill(m["backup.confirmDelete"], { date: formatDateTime(b.createdAt, locale) }))) {
      return;
    }
    return run("backup", async () => {
      try {
        await apiJson(`/api/admin/backups/${encodeURIComponent(b.name)}`, "DELETE");
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
      }
      list.value = list.value.filter((x) => x.name !== b.name);
    });
  };

  const restore = (e: Event) => {
    e.preventDefault();
    const chosen = file.value;
    if (!chosen) return;
    if (mode.value === "replace" && !confirm(m["backup.confirmReplace"])) return;
    return run("restore", async () => {
      const res = await apiFetch(`/api/admin/backups/restore?mode=${mode.value}`, {
        method: "POST",
        headers: { "content-type": "application/zip" },
        body: chosen,
      });
      if (!res.ok) throw await apiError(res);
      const r = await res.json() as { files: number; hearthVersion: string };
      notice.value = fill(m["backup.restored"], { files: r.files, version: r.hearthVersion });
      await reload();
    });
  };

  const save = (e: Event) => {
    e.preventDefault();
    return run("schedule", async () => {
      plan.value = await apiJson<Schedule>("/api/admin/backups/schedule", "PUT", plan.value);
      notice.value = m["backup.saved"];
    });
  };

  const days = m["backup.weekdays"].split(",");
  return (
    <div class="backup-panel">
      <p class="auth-error" role="alert">{error.value}</p>
      <p class="muted" role="status">{notice.value}</p>
      <p>
        <button type="button" class="button" disabled={!!busy.value} onClick={backupNow}>
          {busy.value === "backup" ? m["backup.working"] : m["backup.now"]}
        </button>
      </p>
      {list.value.length === 0
        ? <p class="muted">{m["backup.empty"]}</p>
        : (
          <ul class="device-list backup-list">
            {list.value.map((b) => (
              <li key={b.name} class="device-row" data-backup={b.name}>
                <span class="device-main">
                  <strong>{formatDateTime(b.createdAt, locale)}</strong>
                  <span class="muted">{formatSize(b.bytes, locale)}</span>
                </span>
                <a
                  class="button"
                  href={`/admin/backup-files/${encodeURIComponent(b.name)}`}
                  download
                >
                  {m["backup.download"]}
                </a>
                <button
                  type="button"
                  class="button auth-danger"
                  disabled={!!busy.value}
                  onClick={() => remove(b)}
                >
                  {m["backup.delete"]}
                </button>
              </li>
            ))}
          </ul>
        )}

      <h2>{m["backup.restoreTitle"]}</h2>
      <p class="muted">{m["backup.restoreText"]}</p>
      <form class="settings-form" onSubmit={restore}>
        <label>
          {m["backup.file"]}
          <input
            type="file"
            accept=".zip,application/zip"
            onChange={(e) => file.value = (e.currentTarget as HTMLInputElement).files?.[0] ?? null}
          />
        </label>
        <label class="backup-radio">
          <input
            type="radio"
            name="mode"
            checked={mode.value === "replace"}
            onClick={() => mode.value = "replace"}
          />{" "}
          {m["backup.mode.replace"]}
        </label>
        <label class="backup-radio">
          <input
            type="radio"
            name="mode"
            checked={mode.value === "add"}
            onClick={() => mode.value = "add"}
          />{" "}
          {m["backup.mode.add"]}
        </label>
        <p>
          <button type="submit" class="button" disabled={!!busy.value || !file.value}>
            {busy.value === "restore" ? m["backup.restoring"] : m["backup.restore"]}
          </button>
        </p>
      </form>

      <h2>{m["backup.schedule"]}</h2>
      <form class="settings-form backup-schedule" onSubmit={save}>
        <label>
          {m["backup.schedule"]}
          <select
            value={plan.value.frequency}
            onChange={(e) =>
              plan.value = {
                ...plan.value,
                frequency: (e.currentTarget as HTMLSelectElement).value as Schedule["frequency"],
              }}
          >
            {(["off", "daily", "weekly"] as const).map((f) => (
              <option key={f} value={f}>{m[`backup.frequency.${f}`]}</option>
            ))}
          </select>
        </label>
        {plan.value.frequency === "weekly" && (
          <label>
            {m["backup.weekday"]}
            <select
              value={String(plan.value.weekday)}
              onChange={(e) =>
                plan.value = {
                  ...plan.value,
                  weekday: Number((e.currentTarget as HTMLSelectElement).value),
                }}
            >
              {days.map((d, i) => <option key={d} value={String(i)}>{d}</option>)}
            </select>
          </label>
        )}
        {plan.value.frequency !== "off" && (
          <>
            <label>
              {m["backup.time"]}
              <input
                type="time"
                value={plan.value.time}
                onInput={(e) =>
                  plan.value = { ...plan.value, time: (e.currentTarget as HTMLInputElement).value }}
              />
            </label>
            <label>
              {m["backup.keep"]}
              <input
                type="number"
                min={1}
                max={365}
                value={plan.value.keep}
                onInput={(e) =>
                  plan.value = {
                    ...plan.value,
                    keep: Number((e.currentTarget as HTMLInputElement).value),
                  }}
              />
            </label>
          </>
        )}
        <p>
          <button type="submit" class="button" disabled={!!busy.value}>{m["backup.save"]}</button>
        </p>
      </form>
    </div>
  );
}

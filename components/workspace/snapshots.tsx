/**
 * The workspace's snapshots in the panel: newest first, each with why it was taken, when, its
 * files and what it stored anew, and Restore (after a confirmation); "Take snapshot" above.
 */
import { formatDateTime, formatSize, type Translate } from "../../lib/i18n/format.ts";
import type { SnapshotInfo } from "../../lib/workspace/types.ts";

/** Props of `Snapshots`. */
export interface SnapshotsProps {
  snaps: SnapshotInfo[];
  t: Translate;
  locale: string;
  busy: boolean;
  onTake(): void;
  onRestore(s: SnapshotInfo): void;
}

/** The snapshots' section. */
export function Snapshots({ snaps, t, locale, busy, onTake, onRestore }: SnapshotsProps) {
  return (
    <details class="ws-snaps">
      <summary>{t("snapshots")} ({snaps.length})</summary>
      <button type="button" class="chat-chip" disabled={busy} onClick={onTake}>
        {t("snap.take")}
      </button>
      {snaps.length === 0 ? <p class="muted">{t("snap.none")}</p> : (
        <ul class="ws-snap-list">
          {snaps.map((s) => (
            <li key={s.id} class="ws-snap">
              <span class="ws-snap-what">
                <strong>{t(`snap.reason.${s.reason}`)}</strong>{" "}
                <time dateTime={s.createdAt}>{formatDateTime(s.createdAt, locale)}</time>
                <span class="muted">
                  {t(s.files === 1 ? "snap.meta.one" : "snap.meta", {
                    files: s.files,
                    added: formatSize(s.addedBytes, locale),
                  })}
                </span>
              </span>
              <button
                type="button"
                class="chat-chip"
                disabled={busy}
                onClick={() => onRestore(s)}
              >
                {t("snap.restore")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

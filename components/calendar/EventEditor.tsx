/**
 * The event editor: a modal `<dialog>` with the event's fields (title, all day, start, end,
 * place, notes, repeat with interval and until or count, a reminder). Errors the box names a
 * field for are shown next to that field; the rest above the buttons.
 */
import type { Signal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { fill } from "../../lib/i18n/format.ts";
import { type Draft, REMINDERS, REPEATS } from "./draft.ts";

/** What the editor edits and what it can do. */
export interface EditorState {
  /** The event being changed, or null for a new one. */
  id: string | null;
  draft: Draft;
  /** The stored rule, kept when the form cannot show it. */
  kept: string | null;
  /** The occurrence the editor was opened from (its start), for "skip this one". */
  occurrence: { start: string; label: string } | null;
  /** Errors by form field ("" for the form as a whole). */
  errors: Record<string, string>;
  busy: boolean;
}

interface Props {
  state: Signal<EditorState | null>;
  m: Record<string, string>;
  /** The profile's zone: the form says so when the event keeps another. */
  timeZone: string;
  onSave: () => void;
  onDelete: () => void;
  onSkip: () => void;
}

export function EventEditor({ state, m, timeZone, onSave, onDelete, onSkip }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const open = state.value !== null;
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  const s = state.value;
  const set = (change: Partial<Draft>) => {
    if (!state.value) return;
    const draft = { ...state.value.draft, ...change };
    // An end before a moved start follows it.
    if (change.startDay && draft.endDay < draft.startDay) draft.endDay = draft.startDay;
    state.value = { ...state.value, draft };
  };
  const err = (field: string) =>
    s?.errors[field]
      ? <p class="cal-field-error" id={`cal-err-${field}`} role="alert">{s.errors[field]}</p>
      : null;
  const invalid = (field: string) =>
    s?.errors[field]
      ? { "aria-invalid": true as const, "aria-describedby": `cal-err-${field}` }
      : {};
  const text = (e: Event) => (e.currentTarget as HTMLInputElement).value;

  return (
    <dialog
      ref={dialog}
      class="cal-dialog"
      aria-labelledby="cal-editor-title"
      onClose={() => state.value = null}
    >
      {s && (
        <form
          class="cal-form"
          method="dialog"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onSave();
          }}
        >
          <h2 id="cal-editor-title">{s.id ? m["calendar.editTitle"] : m["calendar.newTitle"]}</h2>
          {s.id && s.kept !== null && <p class="muted">{m["calendar.seriesNote"]}</p>}
          <label class="cal-field">
            <span>{m["calendar.field.title"]}</span>
            <input
              type="text"
              maxLength={500}
              value={s.draft.title}
              onInput={(e) => set({ title: text(e) })}
              {...invalid("title")}
            />
          </label>
          {err("title")}
          <label class="cal-check">
            <input
              type="checkbox"
              checked={s.draft.allDay}
              onChange={(e) => set({ allDay: (e.currentTarget as HTMLInputElement).checked })}
            />
            {m["calendar.field.allDay"]}
          </label>
          <div class="cal-when">
            <label class="cal-field">
              <span>{m["calendar.field.start"]}</span>
              <input
                type="date"
                value={s.draft.startDay}
                onInput={(e) => set({ startDay: text(e) })}
                {...invalid("start")}
              />
            </label>
            {!s.draft.allDay && (
              <label class="cal-field">
                <span>{m["calendar.field.startTime"]}</span>
                <input
                  type="time"
                  value={s.draft.startTime}
                  onInput={(e) => set({ startTime: text(e) })}
                  {...invalid("start")}
                />
              </label>
            )}
          </div>
          {err("start")}
          <div class="cal-when">
            <label class="cal-field">
              <span>{s.draft.allDay ? m["calendar.field.lastDay"] : m["calendar.field.end"]}</span>
              <input
                type="date"
                value={s.draft.endDay}
                onInput={(e) => set({ endDay: text(e) })}
                {...invalid("end")}
              />
            </label>
            {!s.draft.allDay && (
              <label class="cal-field">
                <span>{m["calendar.field.endTime"]}</span>
                <input
                  type="time"
                  value={s.draft.endTime}
                  onInput={(e) => set({ endTime: text(e) })}
                  {...invalid("end")}
                />
              </label>
            )}
          </div>
          {err("end")}
          {s.draft.timeZone !== timeZone && (
            <p class="muted">{fill(m["calendar.zoneNote"], { zone: s.draft.timeZone })}</p>
          )}
          <label class="cal-field">
            <span>{m["calendar.field.location"]}</span>
            <input
              type="text"
              maxLength={500}
              value={s.draft.location}
              onInput={(e) => set({ location: text(e) })}
              {...invalid("location")}
            />
          </label>
          {err("location")}
          <label class="cal-field">
            <span>{m["calendar.field.notes"]}</span>
            <textarea
              rows={3}
              maxLength={10000}
              value={s.draft.notes}
              onInput={(e) => set({ notes: text(e) })}
              {...invalid("notes")}
            />
          </label>
          {err("notes")}
          <fieldset class="cal-repeat-set">
            <legend>{m["calendar.field.repeat"]}</legend>
            <div class="cal-when">
              <label class="cal-field">
                <span class="sr-only">{m["calendar.field.repeat"]}</span>
                <select
                  value={s.draft.repeat}
                  onChange={(e) => set({ repeat: text(e) as Draft["repeat"] })}
                  {...invalid("rrule")}
                >
                  {REPEATS.map((r) => (
                    <option key={r} value={r}>{m[`calendar.repeat.${r}`]}</option>
                  ))}
                  {s.kept && s.draft.repeat === "custom" && (
                    <option value="custom">{m["calendar.repeat.custom"]}</option>
                  )}
                </select>
              </label>
              {s.draft.repeat !== "none" && s.draft.repeat !== "custom" && (
                <label class="cal-field">
                  <span>{m["calendar.field.interval"]}</span>
                  <input
                    type="number"
                    min={1}
                    max={1000}
                    inputMode="numeric"
                    value={s.draft.interval}
                    onInput={(e) => set({ interval: text(e) })}
                    {...invalid("rrule")}
                  />
                </label>
              )}
            </div>
            {s.draft.repeat !== "none" && s.draft.repeat !== "custom" && (
              <div class="cal-when">
                <label class="cal-field">
                  <span>{m["calendar.field.ends"]}</span>
                  <select
                    value={s.draft.ends}
                    onChange={(e) => set({ ends: text(e) as Draft["ends"] })}
                  >
                    <option value="never">{m["calendar.ends.never"]}</option>
                    <option value="until">{m["calendar.ends.until"]}</option>
                    <option value="count">{m["calendar.ends.count"]}</option>
                  </select>
                </label>
                {s.draft.ends === "until" && (
                  <label class="cal-field">
                    <span>{m["calendar.field.until"]}</span>
                    <input
                      type="date"
                      value={s.draft.until}
                      onInput={(e) => set({ until: text(e) })}
                      {...invalid("rrule")}
                    />
                  </label>
                )}
                {s.draft.ends === "count" && (
                  <label class="cal-field">
                    <span>{m["calendar.field.count"]}</span>
                    <input
                      type="number"
                      min={1}
                      max={1000}
                      inputMode="numeric"
                      value={s.draft.count}
                      onInput={(e) => set({ count: text(e) })}
                      {...invalid("rrule")}
                    />
                  </label>
                )}
              </div>
            )}
          </fieldset>
          {err("rrule")}
          <label class="cal-field">
            <span>{m["calendar.field.reminder"]}</span>
            <select
              value={s.draft.reminder}
              onChange={(e) => set({ reminder: text(e) })}
              {...invalid("reminder")}
            >
              <option value="">{m["calendar.reminder.none"]}</option>
              {REMINDERS.map((r) => (
                <option key={r} value={String(r)}>
                  {r === 0
                    ? m["calendar.reminder.atStart"]
                    : r % 1440 === 0
                    ? fill(m["calendar.reminder.days"], { count: r / 1440 })
                    : r % 60 === 0
                    ? fill(m["calendar.reminder.hours"], { count: r / 60 })
                    : fill(m["calendar.reminder.minutes"], { count: r })}
                </option>
              ))}
              {s.draft.reminder !== "" &&
                !REMINDERS.includes(Number(s.draft.reminder) as typeof REMINDERS[number]) && (
                <option value={s.draft.reminder}>
                  {fill(m["calendar.reminder.minutes"], { count: s.draft.reminder })}
                </option>
              )}
            </select>
          </label>
          {err("reminder")}
          {err("")}
          <div class="cal-actions">
            <button type="submit" class="button" disabled={s.busy}>{m["calendar.save"]}</button>
            <button type="button" class="cal-secondary" onClick={() => state.value = null}>
              {m["calendar.cancel"]}
            </button>
            {s.occurrence && s.kept !== null && (
              <button type="button" class="cal-secondary" disabled={s.busy} onClick={onSkip}>
                {fill(m["calendar.skip"], { day: s.occurrence.label })}
              </button>
            )}
            {s.id && (
              <button type="button" class="cal-danger" disabled={s.busy} onClick={onDelete}>
                {s.kept !== null ? m["calendar.deleteSeries"] : m["calendar.delete"]}
              </button>
            )}
          </div>
        </form>
      )}
    </dialog>
  );
}

/**
 * Writing a memo (new or in place): title, Markdown text with a Write / Preview toggle (the
 * preview is the same renderer the card uses), tags in one box, pin. Saving is the caller's
 * (`onSave` throws the API's refusal); a validation error is shown next to the field it names
 * (`error.field`), anything else under the form.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { ApiError, errorText } from "../../lib/client/api.ts";
import { fill } from "../../lib/i18n/format.ts";
import { renderMarkdown } from "../../lib/markdown/mod.ts";
import { MEMO_LIMITS } from "../../lib/memos/types.ts";
import { splitTags } from "./paging.ts";

/** What the editor hands to `onSave`: the `POST /api/memos` body. */
export interface MemoDraft {
  title: string;
  body: string;
  tags: string[];
  pinned: boolean;
}

const FIELDS = ["title", "body", "tags", "pinned"] as const;
type Field = typeof FIELDS[number];

interface Props {
  /** Distinguishes this form's field ids from another open editor's. */
  id: string;
  initial: MemoDraft;
  m: Record<string, string>;
  onSave(draft: MemoDraft): Promise<void>;
  onCancel(): void;
}

export function MemoEditor({ id, initial, m, onSave, onCancel }: Props) {
  const title = useSignal(initial.title);
  const body = useSignal(initial.body);
  const tags = useSignal(initial.tags.map((t) => `#${t}`).join(" "));
  const pinned = useSignal(initial.pinned);
  const preview = useSignal(false);
  const busy = useSignal(false);
  const errors = useSignal<Partial<Record<Field | "form", string>>>({});
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => first.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    busy.value = true;
    errors.value = {};
    try {
      await onSave({
        title: title.value.trim(),
        body: body.value,
        tags: splitTags(tags.value),
        pinned: pinned.value,
      });
    } catch (err) {
      const field = err instanceof ApiError && err.field ? err.field.split(".")[0] : "";
      const text = errorText(err, m["memos.ui.network"]);
      if (FIELDS.includes(field as Field)) {
        errors.value = { [field]: text };
        if (field === "body") preview.value = false;
      } else {
        errors.value = { form: fill(m["memos.ui.failed"], { detail: text }) };
      }
    } finally {
      busy.value = false;
    }
  };

  const err = errors.value;
  const fid = (f: string) => `${id}-${f}`;
  const invalid = (f: Field) =>
    err[f] ? { "aria-invalid": true, "aria-describedby": fid(`${f}-error`) } : {};
  const fieldError = (f: Field) =>
    err[f] && <p class="field-error" id={fid(`${f}-error`)} role="alert">{err[f]}</p>;

  return (
    <form
      class="memo-editor"
      onSubmit={submit}
      onKeyDown={(e) => e.key === "Escape" && !busy.value && onCancel()}
      noValidate
    >
      <label class="memo-field" for={fid("title")}>
        <span>{m["memos.ui.field.title"]}</span>
        <input
          ref={first}
          id={fid("title")}
          type="text"
          dir="auto"
          maxLength={MEMO_LIMITS.title}
          value={title.value}
          onInput={(e) => title.value = e.currentTarget.value}
          {...invalid("title")}
        />
      </label>
      {fieldError("title")}
      <div class="memo-field">
        <div class="memo-body-head">
          <label for={fid("body")}>{m["memos.ui.field.body"]}</label>
          <div class="memo-mode" role="group">
            <button
              type="button"
              class="chat-chip"
              aria-pressed={!preview.value}
              onClick={() => preview.value = false}
            >
              {m["memos.ui.write"]}
            </button>
            <button
              type="button"
              class="chat-chip"
              aria-pressed={preview.value}
              onClick={() => preview.value = true}
            >
              {m["memos.ui.preview"]}
            </button>
          </div>
        </div>
        <textarea
          id={fid("body")}
          dir="auto"
          rows={8}
          hidden={preview.value}
          value={body.value}
          onInput={(e) => body.value = e.currentTarget.value}
          {...invalid("body")}
        />
        {preview.value && (
          body.value.trim()
            ? (
              <div
                class="memo-preview md"
                dir="auto"
                // renderMarkdown's output: all source text escaped, a fixed set of tags.
                // deno-lint-ignore react-no-danger
                dangerouslySetInnerHTML={{ __html: renderMarkdown(body.value) }}
              />
            )
            : <p class="memo-preview muted">{m["memos.ui.previewEmpty"]}</p>
        )}
      </div>
      {fieldError("body")}
      <label class="memo-field" for={fid("tags")}>
        <span>{m["memos.ui.field.tags"]}</span>
        <input
          id={fid("tags")}
          type="text"
          autocapitalize="none"
          placeholder="#recipes #home"
          value={tags.value}
          onInput={(e) => tags.value = e.currentTarget.value}
          aria-describedby={err.tags ? fid("tags-error") : fid("tags-hint")}
          aria-invalid={err.tags ? true : undefined}
        />
      </label>
      <p class="muted memo-hint" id={fid("tags-hint")}>{m["memos.ui.tagsHint"]}</p>
      {fieldError("tags")}
      <label class="memo-check">
        <input
          type="checkbox"
          checked={pinned.value}
          onChange={(e) => pinned.value = e.currentTarget.checked}
        />
        <span>{m["memos.ui.field.pinned"]}</span>
      </label>
      {fieldError("pinned")}
      {err.form && <p class="error" role="alert">{err.form}</p>}
      <div class="memo-editor-actions">
        <button type="submit" class="button" disabled={busy.value}>{m["memos.ui.save"]}</button>
        <button type="button" class="button memo-quiet" onClick={onCancel}>
          {m["memos.ui.cancel"]}
        </button>
      </div>
    </form>
  );
}

/**
 * Small pieces of the document pages, shared by the server-rendered routes and the islands:
 * the kind badge, the status line with its progress bar, the words for an upload's error, and
 * an owner's share toggle and delete button.
 */
import type { DocumentInfo, DocumentKind, DocumentStatus } from "../../lib/documents/types.ts";
import { DOCUMENT_END_STATUSES } from "../../lib/documents/types.ts";
import type { Translate } from "../../lib/i18n/format.ts";

/** The short label of a kind, as its badge shows it. */
const KIND_LABEL: Record<DocumentKind, string> = {
  txt: "TXT",
  md: "MD",
  html: "HTML",
  pdf: "PDF",
  docx: "DOCX",
  csv: "CSV",
  json: "JSON",
  code: "</>",
};

/** A document's kind as a small badge (its name for screen readers). */
export function KindBadge({ kind, t }: { kind: DocumentKind; t: Translate }) {
  return (
    <span class={`doc-kind doc-kind-${kind}`} title={t(`kind.${kind}`)}>
      <span aria-hidden="true">{KIND_LABEL[kind] ?? kind}</span>
      <span class="sr-only">{t(`kind.${kind}`)}</span>
    </span>
  );
}

/** Whether a status is still on its way (a task works on it, or will). */
export function ingesting(status: DocumentStatus): boolean {
  return !DOCUMENT_END_STATUSES.includes(status);
}

/** A document's status in words, with a progress bar while it is being read. */
export function StatusLine({ doc, t }: { doc: DocumentInfo; t: Translate }) {
  if (doc.status === "ready") return null;
  const pct = Math.round(Math.min(1, Math.max(0, doc.progress)) * 100);
  return (
    <p class={`doc-status doc-status-${doc.status}`} role="status">
      <span>{t(`status.${doc.status}`)}</span>
      {ingesting(doc.status) && (
        <progress class="doc-progress" max={100} value={pct} aria-label={t("status.progress")}>
          {pct} %
        </progress>
      )}
      {doc.status === "failed" && doc.error && <span class="doc-error">{doc.error.message}</span>}
    </p>
  );
}

/** An owner's "shared" checkbox with its label; `onToggle` gets the new value. */
export function ShareToggle(
  { class: cls = "doc-check", checked, disabled, label, onToggle }: {
    class?: string;
    checked: boolean;
    disabled: boolean;
    label: string;
    onToggle(shared: boolean): void;
  },
) {
  return (
    <label class={cls}>
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onToggle(e.currentTarget.checked)}
      />
      <span>{label}</span>
    </label>
  );
}

/** An owner's delete button: `onDelete` runs once the person confirms `question`. */
export function DeleteButton(
  { disabled, label, question, onDelete }: {
    disabled: boolean;
    label: string;
    question: string;
    onDelete(): void;
  },
) {
  return (
    <button
      type="button"
      class="chat-chip doc-danger"
      disabled={disabled}
      onClick={() => confirm(question) && onDelete()}
    >
      {label}
    </button>
  );
}

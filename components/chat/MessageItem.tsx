/**
 * One message of the thread: the user's own text (plain, editable and sendable again) or a reply
 * rendered by `renderMarkdown` (the one sanitizer; model text never becomes HTML any other way),
 * with its status, stats and actions. `LiveItem` is the reply that is streaming right now.
 */
import { openWorkspace } from "./workspace_slot.ts";
import type { Signal } from "@preact/signals";
import { useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { balanceBidi } from "../../lib/markdown/bidi.ts";
import { renderMarkdown } from "../../lib/markdown/mod.ts";
import type { Translate } from "../../lib/i18n/format.ts";
import type { ActionCard } from "../../lib/assistant/types.ts";
import type { SourceRef } from "../../lib/documents/types.ts";
import type { ToolStep } from "../../lib/agent/types.ts";
import { loadAssistantUi } from "./assistant_slot.ts";
import { SentPhotos } from "./Photos.tsx";
import { ReadAloud } from "./ReadAloud.tsx";
import { addCopyButtons, reasoningLabel, statsLine } from "./text.ts";
import type { LiveReply, MessagePage, MessageView } from "./types.ts";

// Messages never change in place (an update is a new object), so their HTML is cached by object.
const rendered = new WeakMap<MessageView, string>();

function htmlOf(m: MessageView): string {
  let html = rendered.get(m);
  if (html === undefined) rendered.set(m, html = renderMarkdown(m.content));
  return html;
}

/**
 * Markdown HTML (already safe) with a copy button on each code block; with `sources` (documents
 * the reply drew on), its `[n]` link to the passages and a "Sources" list ends it (lazy chunk).
 */
function Markdown({ html, t, sources }: { html: string; t: Translate; sources?: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  const ui = sources ? loadAssistantUi() : null;
  if (ui) html = ui.cite(html, sources as SourceRef[], t);
  useLayoutEffect(() => addCopyButtons(ref.current, t("copy")), [html]);
  return (
    <div
      class="msg-body md"
      dir="auto"
      ref={ref}
      // renderMarkdown's output: all source text escaped, a fixed set of tags (lib/markdown);
      // `cite` adds only escaped links and the escaped list of sources.
      // deno-lint-ignore react-no-danger
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

/**
 * A reply's reasoning, collapsed above it (closed by default): plain text, never Markdown, so
 * nothing in it becomes markup. `label` says whether it is still thinking or for how long it did.
 */
function Reasoning({ text, label, live }: { text: string; label: string; live?: boolean }) {
  return (
    <details class={live ? "msg-thinking msg-thinking-live" : "msg-thinking"}>
      <summary>{label}</summary>
      <div class="msg-thinking-text">{text}</div>
    </details>
  );
}

/** The notes under a reply: how it ended, and whether history was cut to fit. */
function Notes({ m, t }: { m: MessageView; t: Translate }) {
  const dropped = Number(m.meta.contextDropped ?? 0);
  // Still streaming with a task: the island reattaches at once. Without one, nobody can finish it.
  const status = m.status === "streaming" && !m.meta.taskId ? "interrupted" : m.status;
  const detail = typeof m.meta.errorMessage === "string" ? m.meta.errorMessage : "";
  return (
    <>
      {status !== "complete" && (
        <p class={`msg-status msg-status-${status}`} role="status">
          {t(`status.${status}`)}
          {detail && status === "error" ? `: ${detail}` : ""}
        </p>
      )}
      {dropped > 0 && <p class="msg-note">{t("shortened", { n: dropped })}</p>}
    </>
  );
}

/** Props of `MessageItem`. */
export interface MessageItemProps {
  m: MessageView;
  t: Translate;
  locale: string;
  /** The last reply of the conversation (it can be regenerated). */
  last: boolean;
  /** A reply is streaming: editing and regenerating wait. */
  busy: boolean;
  onResend(m: MessageView, content: string): void;
  onRegenerate(m: MessageView): void;
  /** Shows the path a version switch chose. */
  onPage(page: MessagePage): void;
}

/** A saved message. */
export function MessageItem(
  { m, t, locale, last, busy, onResend, onRegenerate, onPage }: MessageItemProps,
) {
  const [draft, setDraft] = useState<string | null>(null);
  // "‹ 2 / 3 ›" when it has versions (lazy chunk).
  const v = m.versions && loadAssistantUi();
  const versions = v && <v.VersionSwitch v={m.versions!} t={t} busy={busy} onPage={onPage} />;
  if (m.role === "user") {
    if (draft !== null) {
      const save = (e: Event) => {
        e.preventDefault();
        if (!draft.trim()) return;
        onResend(m, draft);
        setDraft(null);
      };
      return (
        <form class="msg msg-user msg-editing" id={`m-${m.id}`} onSubmit={save}>
          <textarea
            class="msg-edit"
            dir="auto"
            aria-label={t("edit")}
            value={draft}
            rows={Math.min(10, draft.split("\n").length + 1)}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
          <div class="msg-actions">
            <button type="button" class="chat-chip" onClick={() => setDraft(null)}>
              {t("cancel")}
            </button>
            <button type="submit" class="chat-chip chat-chip-main" disabled={busy}>
              {t("save")}
            </button>
          </div>
        </form>
      );
    }
    return (
      <article class="msg msg-user" id={`m-${m.id}`}>
        <SentPhotos images={m.meta.images} t={t} />
        <div class="msg-text" dir="auto">{balanceBidi(m.content)}</div>
        <div class="msg-actions">
          {versions}
          <button
            type="button"
            class="chat-chip"
            disabled={busy}
            onClick={() => setDraft(m.content)}
          >
            {t("edit")}
          </button>
        </div>
      </article>
    );
  }
  const stats = statsLine(t, locale, {
    tokens: m.meta.completionTokens,
    rate: m.meta.tokensPerSecond,
    ms: m.meta.totalMs,
  });
  // The card and an agent's steps render from the lazy chunk.
  const ui = m.meta.card || m.meta.steps ? loadAssistantUi() : null;
  return (
    <article class={`msg msg-assistant msg-${m.status}`} id={`m-${m.id}`}>
      {m.thinking && (
        <Reasoning
          text={m.thinking}
          label={reasoningLabel(t, locale, false, m.meta.thinkingMs)}
        />
      )}
      {ui && <ui.AgentSteps steps={m.meta.steps as ToolStep[]} t={t} onFile={openWorkspace} />}
      <Markdown html={htmlOf(m)} t={t} sources={m.meta.sources} />
      {ui && !!m.meta.card && <ui.ActionCardView card={m.meta.card as ActionCard} t={t} />}
      <Notes m={m} t={t} />
      <div class="msg-actions">
        {stats && <span class="msg-stats">{stats}</span>}
        {versions}
        {m.status === "complete" && <ReadAloud text={m.content} t={t} />}
        {last && (
          <button
            type="button"
            class="chat-chip"
            disabled={busy}
            onClick={() => onRegenerate(m)}
          >
            {t("regenerate")}
          </button>
        )}
      </div>
    </article>
  );
}

/** Live stats: re-rendered by the clock without re-rendering the reply. */
function LiveStats({ live, now, t, locale }: LiveProps) {
  const r = live.value;
  if (!r) return null;
  return (
    <span class="msg-stats" data-live="">
      {statsLine(t, locale, {
        // Before the first token only the time waited: "0 tokens" under "Loading the model…"
        // said nothing.
        tokens: r.tokens > 0 ? r.tokens : undefined,
        rate: r.tokensPerSecond,
        ms: Math.max(0, now.value - r.startedAt),
      })}
    </span>
  );
}

interface LiveProps {
  live: Signal<LiveReply | null>;
  now: Signal<number>;
  t: Translate;
  locale: string;
}

/** What an empty live reply is waiting for, in words. */
function waitText(r: LiveReply, t: Translate): string {
  const wait = r.wait;
  if (wait?.state === "queued" && wait.position !== undefined) {
    return wait.position <= 1 ? t("wait.queued.one") : t("wait.queued", { n: wait.position });
  }
  if (wait?.state === "loading") return t("wait.loading");
  if (wait?.state === "reading") return t("wait.reading");
  return t("status.streaming");
}

/** The reply being written, rendered as it grows. */
export function LiveItem(props: LiveProps) {
  const { live, t, locale } = props;
  const r = live.value;
  const html = useMemo(() => renderMarkdown(r?.text ?? ""), [r?.text]);
  if (!r) return null;
  // Still reasoning: no answer text yet.
  const thinking = !!r.thinking && !r.text;
  const agent = r.steps || r.approvals ? loadAssistantUi() : null;
  return (
    <article class="msg msg-assistant msg-streaming" id={r.id ? `m-${r.id}` : undefined} aria-busy>
      {r.thinking && (
        <Reasoning
          text={r.thinking}
          live={thinking}
          label={reasoningLabel(t, locale, thinking, r.final?.thinkingMs ?? r.thoughtMs)}
        />
      )}
      {agent && (
        <agent.AgentSteps steps={r.steps} approvals={r.approvals} t={t} onFile={openWorkspace} />
      )}
      {r.text
        ? <Markdown html={html} t={t} sources={r.sources} />
        : !thinking && <p class="msg-typing" role="status">{waitText(r, t)}</p>}
      {r.link !== "live" && <p class="msg-status msg-status-link" role="status">{t(r.link)}</p>}
      {r.dropped > 0 && <p class="msg-note">{t("shortened", { n: r.dropped })}</p>}
      <div class="msg-actions">
        <LiveStats {...props} />
      </div>
    </article>
  );
}

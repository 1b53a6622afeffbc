/**
 * The composer at the bottom: a growing text box (Enter sends on a keyboard, Shift+Enter adds a
 * line; on touch screens Enter is a new line and the button sends), the model picker, the
 * switches ("think before answering", only for a model that can think; assistant mode; agent
 * mode), and the send button that becomes "Stop" while a reply streams.
 */
import type { Signal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import { MAX_MESSAGE_CHARS } from "../../lib/chat/types.ts";
import type { Translate } from "../../lib/i18n/format.ts";

/** From this length on, the composer counts characters (90 % of the limit). */
const COUNT_FROM = MAX_MESSAGE_CHARS * 0.9;

/** A count in the page's language. */
const num = (n: number) => n.toLocaleString(globalThis.document?.documentElement.lang || undefined);

/** Props of `Composer`. */
export interface ComposerProps {
  text: Signal<string>;
  model: Signal<string>;
  models: Signal<string[]>;
  busy: boolean;
  /** Stop is possible (the task is known). */
  canStop: boolean;
  /** Something the message needs is still on its way (a photo uploading): send waits. */
  waiting?: boolean;
  t: Translate;
  /** The chosen model can think (capability `thinking`): the switch shows. */
  canThink: boolean;
  /** Whether it thinks first in this conversation. */
  think: boolean;
  onThink(on: boolean): void;
  /** Buttons beside the text box (adding photos). */
  attach?: ComponentChildren;
  /** At the start of the row under the text box ("Use a document"). */
  tools?: ComponentChildren;
  /** Shown above the text box (photos waiting to be sent, a note). */
  above?: ComponentChildren;
  /** Assistant mode (lib/assistant/): messages may become todos, events, memos… */
  assistant: boolean;
  onAssistant(on: boolean): void;
  /** Agent mode (lib/agent/): the model may use tools in the conversation's workspace. */
  agent: boolean;
  onAgent(on: boolean): void;
  onSend(): void;
  onStop(): void;
  /** The text was changed by typing (an old error about it can go). */
  onEdit?(): void;
}

/** One of the conversation's switches under the text box. */
function Toggle(
  { class: name, on, busy, label, hint, set }: {
    class: string;
    on: boolean;
    busy: boolean;
    label: string;
    hint?: string;
    set(on: boolean): void;
  },
) {
  return (
    <label class={name} title={hint}>
      <input
        type="checkbox"
        role="switch"
        checked={on}
        disabled={busy}
        onChange={(e) => set(e.currentTarget.checked)}
      />
      <span>{label}</span>
    </label>
  );
}

/** The composer. */
export function Composer(
  {
    text,
    model,
    models,
    busy,
    canStop,
    waiting,
    t,
    canThink,
    think,
    onThink,
    attach,
    tools,
    above,
    assistant,
    onAssistant,
    agent,
    onAgent,
    onSend,
    onStop,
    onEdit,
  }: ComposerProps,
) {
  const area = useRef<HTMLTextAreaElement>(null);

  // Grow with the text up to the CSS max-height, then scroll inside.
  useLayoutEffect(() => {
    const el = area.current!;
    el.style.height = "auto";
    el.style.height = `${el.scrollHeight + 2}px`;
  }, [text.value]);

  // Near the limit a counter shows; past it, sending waits until the text is shorter.
  const length = text.value.trim().length;
  const over = length - MAX_MESSAGE_CHARS;
  const blocked = waiting || over > 0;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Enter" || e.shiftKey || e.isComposing) return;
    if (matchMedia("(pointer: coarse)").matches) return;
    e.preventDefault();
    if (!busy && !blocked) onSend();
  };

  const names = models.value.includes(model.value) || !model.value
    ? models.value
    : [model.value, ...models.value];
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy && !blocked) onSend();
      }}
    >
      {above}
      {length >= COUNT_FROM && (
        <p class={over > 0 ? "composer-count composer-over" : "composer-count"} role="status">
          {over > 0
            ? t("tooLong", { n: num(over), max: num(MAX_MESSAGE_CHARS) })
            : t("length", { n: num(length), max: num(MAX_MESSAGE_CHARS) })}
        </p>
      )}
      <div class="composer-row">
        {attach}
        <textarea
          ref={area}
          class="composer-text"
          dir="auto"
          rows={1}
          placeholder={t("placeholder")}
          aria-label={t("placeholder")}
          value={text.value}
          aria-invalid={over > 0 || undefined}
          onInput={(e) => {
            text.value = e.currentTarget.value;
            onEdit?.();
          }}
          onKeyDown={onKeyDown}
        />
        {busy
          ? (
            <button type="button" class="button composer-stop" disabled={!canStop} onClick={onStop}>
              {t("stop")}
            </button>
          )
          : (
            <button
              type="submit"
              class="button composer-send"
              disabled={!length || blocked}
            >
              {t("send")}
            </button>
          )}
      </div>
      <div class="composer-tools">
        {tools}
        <label class="composer-model">
          <span>{t("model")}</span>
          <select
            value={model.value}
            disabled={busy}
            onChange={(e) => model.value = e.currentTarget.value}
          >
            {!names.length && <option value="">{t("noModels")}</option>}
            {names.map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </label>
        {canThink && (
          <Toggle class="composer-think" on={think} busy={busy} label={t("think")} set={onThink} />
        )}
        <Toggle
          class="composer-assistant"
          on={assistant}
          busy={busy}
          label={t("assistant.switch")}
          hint={t("assistant.switchHint")}
          set={onAssistant}
        />
        <Toggle
          class="composer-agent"
          on={agent}
          busy={busy}
          label={t("agent.switch")}
          hint={t("agent.switchHint")}
          set={onAgent}
        />
        <span class="composer-hint muted">{t("hint")}</span>
      </div>
    </form>
  );
}

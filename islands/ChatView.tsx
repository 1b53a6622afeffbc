/**
 * The chat: conversation sidebar, thread and composer. Replies stream over fetch-based SSE and
 * resume by themselves after a dropped connection (see `lib/client/sse.ts`); a page loaded while
 * a reply is still being written reattaches to its task. Talks to the server only through the
 * chat API.
 */
import { useComputed, useSignal } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { ChatHeader } from "../components/chat/ChatHeader.tsx";
import { loadAssistantUi } from "../components/chat/assistant_slot.ts";
import { Composer } from "../components/chat/Composer.tsx";
import { Glyph } from "../components/Icon.tsx";
import { documents, settings } from "../components/icon_paths.ts";
import { discardPhoto, rememberPhoto } from "../components/chat/photo.ts";
import { draftStore } from "../components/chat/drafts.ts";
import { type PendingPhoto, PendingPhotos, PhotoButtons } from "../components/chat/Photos.tsx";
import { followReply, type ReplyMeta } from "../components/chat/reply.ts";
import { Sidebar } from "../components/chat/Sidebar.tsx";
import { useTabTitle } from "../components/chat/tab_title.ts";
import { useStop } from "../components/chat/stop.ts";
import { Thread } from "../components/chat/Thread.tsx";
import { VoiceButton } from "../components/chat/VoiceButton.tsx";
import { workspaceAt, workspaceUi } from "../components/chat/workspace_slot.ts";
import { SpeechOn } from "../components/chat/voice.ts";
import type {
  ChatViewProps,
  ConversationView,
  LiveReply,
  MessagePage,
  MessageView,
} from "../components/chat/types.ts";
import { type ChatModels, MAX_IMAGES_PER_MESSAGE } from "../lib/chat/types.ts";
import { apiJson, errorText, jsonInit } from "../lib/client/api.ts";
import { apiFetch } from "../lib/client/session.ts";
import type { Following } from "../lib/client/sse.ts";
import { translatorOf } from "../lib/i18n/format.ts";
import { useChatNotes } from "../components/chat/limits_ui.tsx";

/** Messages per page when scrolling back. */
const PAGE = 50;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The chat island. */
export default function ChatView(props: ChatViewProps) {
  const t = useMemo(() => translatorOf(props.messages, "chat."), [props.messages]);
  const conv = useSignal(props.conversation);
  const msgs = useSignal(props.history.items);
  const hasMore = useSignal(props.history.hasMore);
  const live = useSignal<LiveReply | null>(null);
  const now = useSignal(0);
  const text = useSignal("");
  const model = useSignal(props.conversation?.model || props.defaultModel);
  const models = useSignal<string[]>([]);
  // What each model can do (`vision`…); a model missing here, or with an empty list, is unknown.
  const caps = useSignal<Record<string, string[] | undefined>>({});
  const photos = useSignal<PendingPhoto[]>([]);
  // The documents the conversation uses, and whether their picker is open (lazy chunk).
  const docs = useSignal(props.documents);
  const picking = useSignal(false);
  // The agent's "Ask me before…" settings are open (lazy chunk).
  const asking = useSignal(false);
  // The model a "cannot see photos" note was asked for (a tap on the off photo button).
  const blindHint = useSignal("");
  const convs = useSignal(props.conversations.items);
  const next = useSignal(props.conversations.next);
  const drawer = useSignal(false);
  const error = useSignal("");
  const drafts = useMemo(() => draftStore(props.profileId), [props.profileId]);
  const follower = useRef<Following | null>(null);
  const stopper = useStop(follower, live, t, error);
  // The error line, and a limited profile's kind notes (quiet hours, replies left…).
  const notes = useChatNotes(t, error);
  // Settles when the model list has answered (or failed): a message sent before then waits for
  // it, so it goes out with the model the list picks instead of none.
  const modelsLoaded = useRef<Promise<unknown>>(Promise.resolve());
  // Read through a computed, so the island re-renders when a reply starts or ends, not per token.
  const busy = useComputed(() => live.value !== null);

  const lastSeq = () => msgs.value.at(-1)?.seq ?? 0;
  const toTop = (c: ConversationView) => {
    convs.value = [c, ...convs.value.filter((x) => x.id !== c.id)];
  };

  /**
   * A conversation titled from its first message gets the model's title after its first reply:
   * soon when the model is free, later when other replies go first (titles wait their turn).
   * Asked again for about a minute and a half, less and less often.
   */
  const refreshTitle = async (id: string, was: string) => {
    const last = 12;
    for (let i = 1; i <= last; i++) {
      await sleep(Math.min(700 * i, 10_000));
      const c = await apiJson<ConversationView>(`/api/conversations/${id}`).catch(() => null);
      if (!c) return;
      if (c.title !== was || i === last) {
        if (conv.value?.id === id) conv.value = c;
        toTop(c);
        return;
      }
    }
  };

  /** Streams one reply; `onMeta`/`onRefused` add what the action needs. */
  const run = (
    start: ((signal: AbortSignal) => Promise<Response>) | null,
    resume: { taskId: string; messageId: string; startedAt?: number } | null,
    onMeta?: (meta: ReplyMeta) => void,
    onRefused?: () => void,
    end?: (reply: MessageView) => MessageView,
  ) => {
    // A title the box just gave from the first message (a new chat, an edited first message):
    // shown at once; the model's may replace it after the reply.
    let given: string | undefined;
    error.value = "";
    stopper.stoppable.value = !!resume;
    now.value = performance.now();
    const tick = setInterval(() => now.value = performance.now(), 250);
    const ended = () => {
      clearInterval(tick);
      follower.current = null;
      stopper.reset();
    };
    const add = (reply: MessageView) => {
      const rest = msgs.value.filter((m) => m.id !== reply.id);
      msgs.value = [...rest, { ...reply, seq: reply.seq || (rest.at(-1)?.seq ?? 0) + 1 }];
    };
    follower.current = followReply(live, start, resume, {
      lostMessage: t("error.stream_lost"),
      onMeta(meta) {
        stopper.stoppable.value = true;
        const c = conv.value;
        // (A resumed reply replays its meta: the page already has the newer title.)
        if (!resume && meta.title && meta.title !== c?.title) given = meta.title;
        onMeta?.(meta);
        if (c && given) {
          conv.value = { ...c, title: given };
          toTop(conv.value);
        }
      },
      onEnd(reply) {
        ended();
        add(end ? end(reply) : reply);
        const c = conv.value;
        if (!c) return;
        if (reply.status === "complete" && (!c.title || c.title === given)) {
          refreshTitle(c.id, c.title);
        } else toTop(c);
      },
      onRefused(err) {
        ended();
        notes.refused(err);
        onRefused?.();
      },
      async onGone(id) {
        ended();
        const saved = await apiJson<MessageView>(`/api/messages/${encodeURIComponent(id)}`)
          .catch(() => null);
        if (saved) add(saved);
      },
    });
  };

  /** Whether `name` can see photos: Ollama says `vision`; a server that says nothing may. */
  const canSee = (name: string) => {
    const c = caps.value[name];
    return !c?.length || c.includes("vision");
  };

  /** Re-encodes and uploads chosen photos, each shown at once with its progress. */
  const addPhotos = (files: File[]) => {
    blindHint.value = "";
    const room = MAX_IMAGES_PER_MESSAGE - photos.value.length;
    if (files.length > room) error.value = t("photo.tooMany", { n: MAX_IMAGES_PER_MESSAGE });
    for (const file of files.slice(0, Math.max(0, room))) {
      const key = `${Date.now()}-${Math.random()}`;
      const update = (change: Partial<PendingPhoto>) =>
        photos.value = photos.value.map((p) => p.key === key ? { ...p, ...change } : p);
      // Loaded at the first photo: the chat page does not carry the encoder.
      const upload = import("../components/chat/photo_upload.ts");
      upload.then((m) => m.reencodePhoto(file)).then(async (jpeg) => {
        photos.value = [...photos.value, { key, url: URL.createObjectURL(jpeg) }];
        try {
          update({ info: await (await upload).uploadPhoto(jpeg) });
        } catch (err) {
          update({ error: errorText(err, t("error.network")) });
        }
      }, () => error.value = t("photo.unreadable"));
    }
  };

  const removePhoto = (p: PendingPhoto) => {
    photos.value = photos.value.filter((x) => x.key !== p.key);
    if (p.info) discardPhoto(p.info.id);
    URL.revokeObjectURL(p.url);
  };

  const send = () => {
    const content = text.value.trim();
    if (!content || follower.current) return;
    if (photos.value.some((p) => !p.info && !p.error)) return;
    text.value = "";
    const c = conv.value;
    const ready = photos.value.filter((p) => p.info);
    const images = ready.map((p) => p.info!.id);
    for (const p of ready) rememberPhoto(p.info!.id, p.url);
    photos.value = [];
    const mine: MessageView = {
      id: `local-${Date.now()}`,
      seq: lastSeq() + 1,
      role: "user",
      content,
      thinking: "",
      status: "complete",
      model: null,
      meta: ready.length ? { images: ready.map((p) => p.info!) } : {},
    };
    msgs.value = [...msgs.value, mine];
    run(
      async (signal) => {
        if (!model.value) await modelsLoaded.current;
        const body = {
          conversationId: c?.id,
          content,
          model: model.value || undefined,
          ...(images.length && { images }),
        };
        return await apiFetch("/api/chat/stream", jsonInit("POST", body, signal));
      },
      null,
      (meta) => {
        // The box has the message: its draft can go (unless something new was typed since).
        if (!text.value) drafts.write(c?.id, "");
        msgs.value = msgs.value.map((m) => m === mine ? { ...m, id: meta.userMessageId } : m);
        if (!c) {
          conv.value = {
            id: meta.conversationId,
            title: meta.title ?? "",
            model: meta.model,
            think: true,
            assistant: false,
            agent: false,
            updatedAt: "",
          };
          history.replaceState(null, "", `/chat/${encodeURIComponent(meta.conversationId)}`);
          toTop(conv.value);
        }
      },
      () => {
        msgs.value = msgs.value.filter((m) => m !== mine);
        text.value ||= content;
        if (ready.length) photos.value = [...ready, ...photos.value];
      },
    );
  };

  // Regenerate and edit: a new version beside the message (components/chat/again.ts), loaded
  // with the chat's later chunk when first used, so the page's first JavaScript stays small.
  const again = (m: MessageView, content?: string) =>
    void import("../components/chat/assistant_ui.tsx").then((ui) =>
      ui.versionsAgain({ follower, msgs, model, run })(m, content)
    );

  /**
   * The conversation's switches ("think before answering", assistant mode, agent mode): saved on
   * the conversation; a new chat is created for it first (empty), so its first reply already
   * follows the choice. Assistant and agent mode exclude each other: turning one on turns the
   * other off.
   */
  const setSwitch = async (
    change: { think?: boolean; assistant?: boolean; agent?: boolean },
  ) => {
    const c = conv.value;
    try {
      const saved = c
        ? await apiJson<ConversationView>(
          `/api/conversations/${encodeURIComponent(c.id)}`,
          "PATCH",
          change,
        )
        : await apiJson<ConversationView>("/api/conversations", "POST", {
          ...change,
          model: model.value || undefined,
        });
      conv.value = saved;
      if (!c) {
        history.replaceState(null, "", `/chat/${encodeURIComponent(saved.id)}`);
        toTop(saved);
      }
      return saved;
    } catch (err) {
      error.value = (err as Error).message;
    }
  };

  const loadOlder = async (): Promise<number> => {
    const c = conv.value;
    const oldest = msgs.value[0];
    if (!c || !oldest || !hasMore.value) return 0;
    try {
      const page = await apiJson<MessagePage>(
        `/api/conversations/${
          encodeURIComponent(c.id)
        }/messages?limit=${PAGE}&before=${oldest.seq}`,
      );
      const known = new Set(msgs.value.map((m) => m.id));
      const older = page.items.filter((m) => !known.has(m.id));
      msgs.value = [...older, ...msgs.value];
      hasMore.value = page.hasMore;
      return older.length;
    } catch (err) {
      error.value = (err as Error).message;
      return 0;
    }
  };

  // A reply that ends while this page is hidden or closed is announced by push (lib/push/). Only
  // where notifications are allowed does the page report it, so only then does that code load.
  useEffect(() => {
    if (globalThis.Notification?.permission !== "granted") return;
    const started = import("../lib/client/visibility.ts").then((m) => m.reportVisibility());
    return () => void started.then((stop) => stop());
  }, []);
  useEffect(() => {
    text.value ||= drafts.read(conv.value?.id);
    modelsLoaded.current = apiJson<ChatModels>("/api/chat/models").then((r) => {
      models.value = r.models.map((m) => m.name);
      caps.value = Object.fromEntries(r.models.map((m) => [m.name, m.capabilities]));
      // The conversation's model, else the household's default, else the first that can chat.
      if (!models.value.includes(model.value)) {
        model.value = models.value.includes(r.default) ? r.default : models.value[0] ?? "";
      }
    }).catch(() => {});
    // Loaded while a reply was being written: show it from its start and follow it.
    const last = msgs.value.at(-1);
    const taskId = last?.meta.taskId;
    if (last?.role === "assistant" && last.status === "streaming" && taskId) {
      msgs.value = msgs.value.slice(0, -1);
      run(null, { taskId, messageId: last.id });
    }
    return () => follower.current?.close();
  }, []);

  const c = conv.value;
  useTabTitle(c && (c.title || t("untitled")), busy.value);
  const vision = canSee(model.value);
  const docUi = (picking.value || docs.value[0] || asking.value) && loadAssistantUi();
  const ws = workspaceAt.value && workspaceUi.value;
  const seeing = models.value.find((n) => caps.value[n]?.includes("vision"));
  const hint = blindHint.value && blindHint.value === model.value && !vision
    ? (seeing
      ? t("photo.noVision", { model: model.value, other: seeing })
      : t("photo.noVisionNone", { model: model.value }))
    : "";
  return (
    <div class="chat-app" data-drawer={drawer.value ? "open" : "closed"}>
      <aside class="chat-side" id="chat-side">
        <Sidebar
          items={convs}
          next={next}
          currentId={c?.id ?? null}
          t={t}
          onClose={() => drawer.value = false}
        />
      </aside>
      <button
        type="button"
        class="chat-backdrop"
        tabIndex={-1}
        aria-hidden="true"
        onClick={() => drawer.value = false}
      />
      <section class="chat-main">
        <ChatHeader
          conv={conv}
          t={t}
          drawerOpen={drawer.value}
          onDrawer={() => drawer.value = !drawer.value}
          onRenamed={toTop}
          onError={(message) => error.value = message}
          files={props.workspace}
        />
        {notes.note}
        <SpeechOn.Provider value={!!props.speech}>
          <Thread
            msgs={msgs}
            hasMore={hasMore}
            live={live}
            now={now}
            t={t}
            locale={props.locale}
            loadOlder={loadOlder}
            onResend={again}
            onRegenerate={again}
          />
        </SpeechOn.Provider>
        <Composer
          text={text}
          model={model}
          models={models}
          busy={busy.value}
          canStop={stopper.stoppable.value}
          waiting={photos.value.some((p) => !p.info && !p.error)}
          t={t}
          canThink={caps.value[model.value]?.includes("thinking") ?? false}
          think={c?.think ?? true}
          onThink={(think) => setSwitch({ think })}
          onSend={send}
          onStop={stopper.stop}
          assistant={c?.assistant ?? false}
          onAssistant={(assistant) => setSwitch({ assistant, ...(assistant && { agent: false }) })}
          agent={c?.agent ?? false}
          onAgent={(agent) => setSwitch({ agent, ...(agent && { assistant: false }) })}
          onEdit={() => {
            error.value = "";
            drafts.write(conv.value?.id, text.value);
          }}
          attach={
            <>
              <PhotoButtons
                vision={vision}
                disabled={busy.value || photos.value.length >= MAX_IMAGES_PER_MESSAGE}
                t={t}
                onFiles={addPhotos}
                onBlocked={() => blindHint.value = model.value}
              />
              <VoiceButton
                t={t}
                speech={!!props.speech}
                onText={(s) => text.value = `${text.value.trimEnd()} ${s}`.trimStart()}
                onMessage={(message) => error.value = message}
              />
            </>
          }
          tools={
            <>
              <button
                type="button"
                class="composer-photo"
                aria-label={t("docs.use")}
                onClick={() => picking.value = !picking.value}
              >
                <Glyph d={documents} />
              </button>
              {c?.agent && (
                <button
                  type="button"
                  class="composer-photo"
                  aria-label={t("agent.settings")}
                  aria-expanded={asking.value}
                  onClick={() => asking.value = !asking.value}
                >
                  <Glyph d={settings} />
                </button>
              )}
            </>
          }
          above={
            <>
              {docUi && (
                <docUi.ChatDocuments
                  c={c}
                  docs={docs}
                  open={picking}
                  t={t}
                  create={setSwitch}
                  error={error}
                />
              )}
              {asking.value && docUi && <docUi.AgentAsk t={t} open={asking} />}
              <PendingPhotos photos={photos.value} t={t} onRemove={removePhoto} />
              {hint && <p class="composer-note" role="status">{hint}</p>}
              {stopper.note.value && <p class="composer-note" role="status">{stopper.note.value}
              </p>}
            </>
          }
        />
      </section>
      {ws && <ws.WorkspacePanel at={workspaceAt} messages={props.messages} locale={props.locale} />}
    </div>
  );
}

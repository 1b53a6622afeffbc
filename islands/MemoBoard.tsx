/**
 * The Memos page's cards and their editing. The server renders the first page (pinned first,
 * then the most recently changed), so reading needs no JavaScript; "More memos" is a link to
 * the next page, which this island instead appends through `GET /api/memos`. Once it runs it
 * adds: a new memo, editing in place, pin and unpin (shown at once, put back if the box
 * refuses), delete with an undo toast (10 s) that writes the memo again through `POST` (a new
 * id, and it counts as just changed), and, for a `#m-<id>` link to a memo beyond the page, that
 * memo fetched and shown.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { MemoCard, memoName } from "../components/memos/MemoCard.tsx";
import { type MemoDraft, MemoEditor } from "../components/memos/MemoEditor.tsx";
import {
  type FetchRun,
  memoPage,
  memosHref,
  ordered,
  parseAfter,
} from "../components/memos/paging.ts";
import { apiJson, errorText } from "../lib/client/api.ts";
import { fill } from "../lib/i18n/format.ts";
import type { Memo, MemoPage } from "../lib/memos/types.ts";

interface Props {
  memos: Memo[];
  /** The next page's `after` token, null on the last page. */
  next: string | null;
  /** The filter the page shows (the island's "more" keeps it). */
  filter: { tag?: string; q?: string };
  /** The profile's IANA zone. */
  timeZone: string;
  locale: string;
  /** The `memos.ui.*` messages in the page's language. */
  messages: Record<string, string>;
}

const UNDO_MS = 10_000;

export default function MemoBoard(props: Props) {
  const m = props.messages;
  const memos = useSignal<Memo[]>(ordered(props.memos));
  const next = useSignal(props.next);
  const live = useSignal(false);
  const adding = useSignal(false);
  const editing = useSignal<string | null>(null);
  const loading = useSignal(false);
  const error = useSignal("");
  const undo = useSignal<Memo | null>(null);
  const toastTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const busy = useRef(new Set<string>());

  const failed = (err: unknown) => {
    error.value = fill(m["memos.ui.failed"], { detail: errorText(err, m["memos.ui.network"]) });
  };
  const put = (memo: Memo) => {
    memos.value = ordered([memo, ...memos.value.filter((x) => x.id !== memo.id)]);
  };
  const name = (memo: Memo) => memoName(memo, m["memos.ui.untitled"]);

  useEffect(() => {
    live.value = true;
    // A link to a memo beyond this page (`/memos#m-<id>`): fetch it and show it.
    const id = /^#m-([\w-]{1,64})$/.exec(location.hash)?.[1];
    if (id && !document.getElementById(`m-${id}`)) {
      apiJson<Memo>(`/api/memos/${id}`).then((memo) => {
        put(memo);
        requestAnimationFrame(() => document.getElementById(`m-${memo.id}`)?.scrollIntoView());
      }).catch(() => error.value = m["memos.ui.gone"]);
    }
    return () => clearTimeout(toastTimer.current);
  }, []);

  const fetchRun: FetchRun = ({ pinned, cursor, limit }) => {
    const q = new URLSearchParams({ pinned: String(pinned), limit: String(limit) });
    if (props.filter.tag) q.set("tag", props.filter.tag);
    if (props.filter.q) q.set("q", props.filter.q);
    if (cursor) q.set("cursor", cursor);
    return apiJson<MemoPage>(`/api/memos?${q}`);
  };

  const more = async (e: Event) => {
    const after = next.value && parseAfter(next.value);
    if (!after) return;
    e.preventDefault();
    if (loading.value) return;
    loading.value = true;
    error.value = "";
    try {
      const page = await memoPage(fetchRun, after);
      memos.value = ordered([...memos.value, ...page.items]);
      next.value = page.next;
    } catch (err) {
      failed(err);
    } finally {
      loading.value = false;
    }
  };

  const create = async (draft: MemoDraft) => {
    const memo = await apiJson<Memo>("/api/memos", "POST", draft);
    put(memo);
    adding.value = false;
    refocus(".memo-add");
    error.value = "";
  };

  // Back from the editor, focus returns to the memo's Edit button (or to New memo).
  const refocus = (selector: string) =>
    requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus());
  const stopEditing = (id: string) => {
    editing.value = null;
    refocus(`#m-${id} .memo-edit`);
  };

  const save = async (memo: Memo, draft: MemoDraft) => {
    const changed = await apiJson<Memo>(`/api/memos/${memo.id}`, "PATCH", draft);
    put(changed);
    stopEditing(memo.id);
    error.value = "";
  };

  // A pin shows at once; if the box refuses, the memo goes back as it was.
  const togglePin = async (memo: Memo) => {
    if (busy.current.has(memo.id)) return;
    busy.current.add(memo.id);
    error.value = "";
    put({ ...memo, pinned: !memo.pinned });
    try {
      put(await apiJson<Memo>(`/api/memos/${memo.id}`, "PATCH", { pinned: !memo.pinned }));
    } catch (err) {
      put(memo);
      failed(err);
    } finally {
      busy.current.delete(memo.id);
    }
  };

  const remove = async (memo: Memo) => {
    if (busy.current.has(memo.id)) return;
    busy.current.add(memo.id);
    error.value = "";
    try {
      await apiJson(`/api/memos/${memo.id}`, "DELETE");
      memos.value = memos.value.filter((x) => x.id !== memo.id);
      undo.value = memo;
      clearTimeout(toastTimer.current);
      toastTimer.current = setTimeout(() => undo.value = null, UNDO_MS);
    } catch (err) {
      failed(err);
    } finally {
      busy.current.delete(memo.id);
    }
  };

  // The deleted memo is written again: same title, text, tags and pin; a new id and time.
  const restore = async () => {
    const held = undo.value;
    if (!held) return;
    undo.value = null;
    clearTimeout(toastTimer.current);
    error.value = "";
    try {
      put(
        await apiJson<Memo>("/api/memos", "POST", {
          title: held.title,
          body: held.body,
          tags: held.tags,
          pinned: held.pinned,
        }),
      );
    } catch (err) {
      failed(err);
    }
  };

  const actions = (memo: Memo) => {
    const n = name(memo);
    return (
      <>
        <button
          type="button"
          class="chat-chip"
          aria-label={fill(m[memo.pinned ? "memos.ui.unpinNamed" : "memos.ui.pinNamed"], {
            name: n,
          })}
          onClick={() => togglePin(memo)}
        >
          {m[memo.pinned ? "memos.ui.unpin" : "memos.ui.pin"]}
        </button>
        <button
          type="button"
          class="chat-chip memo-edit"
          aria-label={fill(m["memos.ui.editNamed"], { name: n })}
          onClick={() => {
            editing.value = memo.id;
            adding.value = false;
          }}
        >
          {m["memos.ui.edit"]}
        </button>
        <button
          type="button"
          class="chat-chip memo-danger"
          aria-label={fill(m["memos.ui.deleteNamed"], { name: n })}
          onClick={() => remove(memo)}
        >
          {m["memos.ui.delete"]}
        </button>
      </>
    );
  };

  const filtered = !!(props.filter.tag || props.filter.q);
  return (
    <div class="memo-board">
      {live.value && (
        adding.value
          ? (
            <div class="memo-card memo-new">
              <MemoEditor
                id="memo-new"
                initial={{
                  title: "",
                  body: "",
                  tags: props.filter.tag ? [props.filter.tag] : [],
                  pinned: false,
                }}
                m={m}
                onSave={create}
                onCancel={() => {
                  adding.value = false;
                  refocus(".memo-add");
                }}
              />
            </div>
          )
          : (
            <button
              type="button"
              class="button memo-add"
              onClick={() => {
                adding.value = true;
                editing.value = null;
              }}
            >
              {m["memos.ui.new"]}
            </button>
          )
      )}
      {error.value && <p class="error" role="alert">{error.value}</p>}
      {memos.value.length === 0 && (
        <p class="muted memo-empty">{m[filtered ? "memos.ui.noMatch" : "memos.ui.empty"]}</p>
      )}
      <div class="memo-grid">
        {memos.value.map((memo) =>
          editing.value === memo.id
            ? (
              <div key={memo.id} class="memo-card editing" id={`m-${memo.id}`}>
                <MemoEditor
                  id={`memo-edit-${memo.id}`}
                  initial={memo}
                  m={m}
                  onSave={(draft) => save(memo, draft)}
                  onCancel={() => stopEditing(memo.id)}
                />
              </div>
            )
            : (
              <MemoCard
                key={memo.id}
                memo={memo}
                m={m}
                locale={props.locale}
                timeZone={props.timeZone}
                actions={live.value ? actions(memo) : undefined}
              />
            )
        )}
      </div>
      {next.value && (
        <p class="memo-pager">
          <a
            class="button memo-more-link"
            href={memosHref(props.filter, next.value)}
            aria-busy={loading.value}
            onClick={more}
          >
            {loading.value ? m["memos.ui.loading"] : m["memos.ui.more"]}
          </a>
        </p>
      )}
      {undo.value && (
        <div class="toast memo-toast" role="status">
          <span>{fill(m["memos.ui.deleted"], { name: name(undo.value) })}</span>
          <button type="button" class="button" onClick={restore}>{m["memos.ui.undo"]}</button>
        </div>
      )}
    </div>
  );
}

/**
 * The tree every format becomes: nodes named by the file's own keys, some of them left out
 * (system prompts, tool calls, hidden or empty nodes). A left-out node's children move up to its
 * nearest kept ancestor, so no branch is lost; the kept messages come out in an order where each
 * parent is before its children (so `seq` grows along every path) and otherwise by time. A
 * malformed tree (a duplicate key, a parent that is not in the file, a cycle) is a 422
 * `import_malformed` naming the conversation and the message. Every walk is iterative and visits
 * each node a bounded number of times, so no file can loop it or overflow a stack.
 */
import { HttpError } from "../http/errors.ts";
import { type ImportedMessage, MAX_IMPORT_MESSAGES } from "./types.ts";

/** What a kept node says (its key and parent come from the node). */
export type NodeMessage = Omit<ImportedMessage, "key" | "parentKey">;

/** One node as a parser read it. */
export interface RawNode {
  key: string;
  parentKey: string | null;
  /** null: left out (its children move up). */
  message: NodeMessage | null;
  /** A left-out node's reasoning, given to the next kept assistant message below it. */
  thinking?: string;
}

/** Longest reasoning carried down from left-out nodes (characters). */
const MAX_CARRIED_THINKING = 200_000;

/** 422 `import_malformed`: what is wrong (`detail`) and where (`where`). */
export function malformed(whereText: string, detailText: string): HttpError {
  // Ids and titles come from the file: keep the sentence readable whatever their length.
  const where = clip(whereText);
  const detail = clip(detailText);
  return new HttpError(
    422,
    "import_malformed",
    `The file is malformed at ${where}: ${detail}`,
    {},
    {
      where,
      detail,
    },
  );
}

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** 422 `import_too_many_messages` for a conversation with more than the cap. */
export function tooManyMessages(where: string, count: number): HttpError {
  return new HttpError(
    422,
    "import_too_many_messages",
    `${where} holds ${count} messages; at most ${MAX_IMPORT_MESSAGES} can be imported per conversation.`,
    {},
    { where, count, max: MAX_IMPORT_MESSAGES },
  );
}

/**
 * Kept messages in write order and the active path's last one. `currentKey` is the file's
 * current node (its nearest kept ancestor-or-self becomes the leaf); when it is missing or
 * names no kept message, the newest written leaf is.
 */
export function buildTree(
  nodes: readonly RawNode[],
  currentKey: string | null,
  where: string,
): { messages: ImportedMessage[]; leafKey: string | null } {
  if (nodes.length > MAX_IMPORT_MESSAGES) throw tooManyMessages(where, nodes.length);
  const byKey = new Map<string, RawNode>();
  for (const node of nodes) {
    if (byKey.has(node.key)) {
      throw malformed(`${where}, message ${node.key}`, "the id is used twice");
    }
    byKey.set(node.key, node);
  }
  for (const node of nodes) {
    if (node.parentKey !== null && !byKey.has(node.parentKey)) {
      throw malformed(
        `${where}, message ${node.key}`,
        `its parent ${node.parentKey} is not in the file`,
      );
    }
  }
  checkAcyclic(nodes, byKey, where);

  // Each node's nearest kept ancestor and the reasoning of the left-out nodes in between,
  // computed parents first (a walk up to the first node already known, then back down).
  const up = new Map<string, { kept: string | null; thinking: string }>();
  const resolve = (start: RawNode) => {
    const chain: RawNode[] = [];
    let node: RawNode | undefined = start;
    while (node && !up.has(node.key)) {
      chain.push(node);
      node = node.parentKey === null ? undefined : byKey.get(node.parentKey);
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const n = chain[i];
      const parent = n.parentKey === null ? undefined : byKey.get(n.parentKey);
      let value = { kept: null as string | null, thinking: "" };
      if (parent?.message) value = { kept: parent.key, thinking: "" };
      else if (parent) {
        const above = up.get(parent.key)!;
        const own = parent.thinking?.trim() ?? "";
        const thinking = [above.thinking, own].filter(Boolean).join("\n\n");
        value = { kept: above.kept, thinking: thinking.slice(0, MAX_CARRIED_THINKING) };
      }
      up.set(n.key, value);
    }
  };
  const kept: { node: RawNode; index: number; parentKey: string | null; message: NodeMessage }[] =
    [];
  nodes.forEach((node, index) => {
    if (!node.message) return;
    resolve(node);
    const { kept: parentKey, thinking } = up.get(node.key)!;
    const message = node.message.role === "assistant" && !node.message.thinking && thinking
      ? { ...node.message, thinking }
      : node.message;
    kept.push({ node, index, parentKey, message });
  });

  // By time (then file order); a child that sorts before its parent waits for it.
  kept.sort((a, b) =>
    a.message.createdAt < b.message.createdAt
      ? -1
      : a.message.createdAt > b.message.createdAt
      ? 1
      : a.index - b.index
  );
  const written = new Set<string>();
  const waiting = new Map<string, typeof kept>();
  const out: ImportedMessage[] = [];
  for (const item of kept) {
    if (item.parentKey !== null && !written.has(item.parentKey)) {
      const list = waiting.get(item.parentKey) ?? [];
      list.push(item);
      waiting.set(item.parentKey, list);
      continue;
    }
    // Depth first; children pushed last-first so they come out in their sorted order.
    const stack = [item];
    while (stack.length) {
      const next = stack.pop()!;
      out.push({ key: next.node.key, parentKey: next.parentKey, ...next.message });
      written.add(next.node.key);
      const children = waiting.get(next.node.key);
      if (children) {
        waiting.delete(next.node.key);
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      }
    }
  }

  let leafKey: string | null = null;
  const current = currentKey === null ? undefined : byKey.get(currentKey);
  if (current) {
    if (!up.has(current.key)) resolve(current);
    leafKey = current.message ? current.key : up.get(current.key)!.kept;
  }
  if (leafKey === null) leafKey = out.at(-1)?.key ?? null;
  return { messages: out, leafKey };
}

/** Throws `import_malformed` when following parents from some node comes back to it. */
function checkAcyclic(nodes: readonly RawNode[], byKey: Map<string, RawNode>, where: string) {
  // 1: on the walk in progress; 2: known to reach a root.
  const state = new Map<string, 1 | 2>();
  for (const start of nodes) {
    const walk: string[] = [];
    let node: RawNode | undefined = start;
    while (node && state.get(node.key) !== 2) {
      if (state.get(node.key) === 1) {
        throw malformed(`${where}, message ${node.key}`, "its parents form a cycle");
      }
      state.set(node.key, 1);
      walk.push(node.key);
      node = node.parentKey === null ? undefined : byKey.get(node.parentKey);
    }
    for (const key of walk) state.set(key, 2);
  }
}

/** An ISO time from seconds (or ms, µs, ns, guessed by size) since 1970; `fallback` if unusable. */
export function isoFromEpoch(value: unknown, fallback: string): string {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) return fallback;
  const ms = value > 1e17
    ? value / 1e6
    : value > 1e14
    ? value / 1e3
    : value > 1e11
    ? value
    : value * 1000;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999
    ? fallback
    : date.toISOString();
}

/** An ISO time from an ISO-like string; `fallback` if unusable. */
export function isoFromString(value: unknown, fallback: string): string {
  if (typeof value !== "string") return fallback;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? fallback : date.toISOString();
}

/** A title for a conversation: its own, else the start of its first user message. */
export function titleOf(title: unknown, messages: readonly ImportedMessage[], max: number): string {
  const own = typeof title === "string" ? title.replace(/\s+/g, " ").trim() : "";
  if (own) return own.slice(0, max);
  const first = messages.find((m) => m.role === "user")?.content.replace(/\s+/g, " ").trim() ?? "";
  return first.length > 60 ? `${first.slice(0, 59)}…` : first;
}

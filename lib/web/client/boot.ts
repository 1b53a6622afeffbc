/**
 * Browser side of islands: hydrates each island between the comments the server wrote, with its
 * deserialized props; what the server rendered into its slot becomes its `children` again.
 */
import { type ComponentType, Fragment, hydrate, type VNode } from "preact";
// The JSX runtime, not `h`: every island reaches it too, so the bundler keeps Preact and its JSX
// runtime in one shared file instead of two (each file costs the chat page's budget).
import { jsx } from "preact/jsx-runtime";
import { deserialize } from "../serialize.ts";

/** The nodes after `start` up to the comment `end`; null when it never comes. */
function until(start: Comment, end: string): ChildNode[] | null {
  const nodes: ChildNode[] = [];
  for (let n = start.nextSibling; n; n = n.nextSibling) {
    if (n.nodeType === 8 && (n as Comment).data === end) return nodes;
    nodes.push(n);
  }
  return null;
}

/** Server-rendered HTML as vnodes, so Preact hydrates it rather than replacing it. */
function toVNode(node: Node): VNode | string | null {
  if (node.nodeType === 3) return node.textContent;
  if (node.nodeType !== 1) return null;
  const el = node as Element;
  const props = Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]));
  return jsx(el.localName, { ...props, children: [...el.childNodes].map(toVNode) });
}

/** Hydrates every island on the page; `propsId` names the JSON script with their props. */
export function boot(islands: Record<string, ComponentType>, propsId: string): void {
  const text = document.getElementById(propsId)?.textContent || "[]";
  const props = deserialize(JSON.parse(text)) as Record<string, unknown>[];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
  const starts: Comment[] = [];
  const slots = new Map<string, VNode>();
  for (let n = walker.nextNode() as Comment | null; n; n = walker.nextNode() as Comment | null) {
    const [kind, ...rest] = n.data.split(":");
    if (kind === "hearth-island") starts.push(n);
    if (kind === "hearth-slot") {
      const children = (until(n, "/hearth-slot") ?? []).map(toVNode);
      slots.set(rest[0], jsx(Fragment, { children }));
    }
  }
  for (const start of starts) {
    const [, name, index] = start.data.split(":");
    const nodes = until(start, "/hearth-island");
    const component = islands[name];
    if (!component || !nodes) {
      console.error(`Hearth: island "${name}" is missing its ${component ? "end marker" : "code"}`);
      continue;
    }
    const end = (nodes.at(-1) ?? start).nextSibling!;
    const parent = start.parentNode as Element;
    // A stand-in parent covering only the island's nodes: no wrapper element is needed.
    const root = {
      nodeType: 1,
      namespaceURI: parent.namespaceURI,
      parentNode: parent,
      firstChild: nodes[0] ?? null,
      childNodes: nodes,
      insertBefore: (node: Node, before: Node | null) => parent.insertBefore(node, before ?? end),
      appendChild: (node: Node) => parent.insertBefore(node, end),
      removeChild: (node: Node) => parent.removeChild(node),
      contains: (node: Node) => nodes.includes(node as ChildNode),
    } as unknown as Element;
    const islandProps = { ...props[Number(index)], children: slots.get(index) };
    hydrate(jsx(component, islandProps as Record<string, unknown>), root);
  }
}

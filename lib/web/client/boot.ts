/**
 * Browser side of islands: finds the comment markers the server wrote, and hydrates each island
 * in place with its deserialized props. Imported by the boot script of pages that have islands.
 */
import { type ComponentType, h, hydrate } from "preact";
import { deserialize } from "../serialize.ts";

const START = "hearth-island:";
const END = "/hearth-island";

/**
 * A stand-in parent for Preact that covers only the nodes between two markers, so an island can
 * hydrate without a wrapper element around it.
 */
function rootBetween(start: Comment, end: Comment): Element {
  const parent = start.parentNode as Element;
  const nodes: ChildNode[] = [];
  for (let n = start.nextSibling; n && n !== end; n = n.nextSibling) nodes.push(n);
  return {
    nodeType: 1,
    namespaceURI: parent.namespaceURI,
    parentNode: parent,
    get firstChild() {
      return nodes[0] ?? null;
    },
    childNodes: nodes,
    insertBefore(node: Node, before: Node | null) {
      parent.insertBefore(node, before ?? end);
      return node;
    },
    appendChild(node: Node) {
      parent.insertBefore(node, end);
      return node;
    },
    removeChild(node: Node) {
      parent.removeChild(node);
      return node;
    },
    contains(node: Node) {
      return nodes.includes(node as ChildNode);
    },
  } as unknown as Element;
}

/** Hydrates every island on the page. `propsId` is the id of the JSON props script. */
export function boot(islands: Record<string, ComponentType>, propsId: string): void {
  const script = document.getElementById(propsId);
  const props = deserialize(JSON.parse(script?.textContent || "[]")) as Record<string, unknown>[];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
  const starts: Comment[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n as Comment).data;
    if (text.startsWith(START)) starts.push(n as Comment);
  }
  for (const start of starts) {
    const [name, index] = start.data.slice(START.length).split(":");
    let end = start.nextSibling;
    while (end && !(end.nodeType === 8 && (end as Comment).data === END)) end = end.nextSibling;
    const component = islands[name];
    if (!component || !end) {
      console.error(`Hearth: island "${name}" is missing its ${component ? "end marker" : "code"}`);
      continue;
    }
    hydrate(h(component, props[Number(index)]), rootBetween(start, end as Comment));
  }
}

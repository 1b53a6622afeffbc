/**
 * Server side of islands: registered island components are swapped for a wrapper while the page
 * renders. A top-level island is framed by comment markers naming it and the index of its props;
 * an island inside another island renders plainly, because its parent hydrates it.
 */
import { type ComponentType, createContext, Fragment, h, options, type VNode } from "preact";
import { useContext } from "preact/hooks";
import { serialize } from "./serialize.ts";

/** Comment text that opens an island: `hearth-island:<name>:<props index>`. */
export const ISLAND_START = "hearth-island";
/** Comment text that closes an island. */
export const ISLAND_END = "/hearth-island";

const islandNames = new Map<ComponentType, string>();
const wrappers = new Map<ComponentType, ComponentType>();
const InsideIsland = createContext(false);

/** The islands one page render used, in order, with their serialized props. */
export interface IslandRecord {
  used: Set<string>;
  props: unknown[];
}

let current: IslandRecord | null = null;
// Set while a wrapper creates the real island's vnode, so the hook below leaves it alone.
let bypass = false;

/** Registers island components (from the manifest) under their names. */
export function registerIslands(islands: Record<string, ComponentType>): void {
  for (const [name, component] of Object.entries(islands)) {
    islandNames.set(component, name);
    wrappers.set(component, makeWrapper(name, component));
  }
}

function makeWrapper(name: string, component: ComponentType): ComponentType {
  // deno-lint-ignore no-explicit-any
  const Wrapper = (props: any): VNode => {
    const inside = useContext(InsideIsland);
    bypass = true;
    const inner = h(component, props);
    bypass = false;
    if (inside || !current) return inner;
    const { children: _children, ...data } = props;
    if (_children !== undefined) {
      throw new Error(`Island "${name}" was given children; islands take data props only.`);
    }
    const index = current.props.push(serialize(data, `island "${name}" prop`)) - 1;
    current.used.add(name);
    return h(
      Fragment,
      null,
      // deno-lint-ignore no-explicit-any
      h(Fragment, { UNSTABLE_comment: `${ISLAND_START}:${name}:${index}` } as any),
      h(InsideIsland.Provider, { value: true }, inner),
      // deno-lint-ignore no-explicit-any
      h(Fragment, { UNSTABLE_comment: ISLAND_END } as any),
    );
  };
  Wrapper.displayName = `Island(${name})`;
  return Wrapper;
}

const previousVnode = options.vnode;
options.vnode = (vnode) => {
  if (!bypass && typeof vnode.type === "function") {
    const wrapper = wrappers.get(vnode.type as ComponentType);
    // deno-lint-ignore no-explicit-any
    if (wrapper) (vnode as any).type = wrapper;
  }
  previousVnode?.(vnode);
};

/**
 * Runs a synchronous render while recording the islands it uses. Rendering is synchronous, so a
 * module-level record is safe.
 */
export function withIslandRecord<T>(render: () => T): { result: T; islands: IslandRecord } {
  const record: IslandRecord = { used: new Set(), props: [] };
  const previous = current;
  current = record;
  try {
    return { result: render(), islands: record };
  } finally {
    current = previous;
  }
}

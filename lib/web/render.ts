/**
 * Renders a page (inside its `_layout`s and `_app`) to HTML with preact-render-to-string, and
 * marks its islands: registered island components are swapped for a wrapper that frames a
 * top-level island in comments naming it and its props' index, and its JSX children in
 * `hearth-slot` comments, which the browser turns back into `children`. Islands inside an island
 * render plainly. Only a page that used islands gets their props and a boot script (with the
 * response's CSP nonce): a static page ships no JavaScript.
 */
import { type ComponentType, createContext, Fragment, h, options, type VNode } from "preact";
import { useContext } from "preact/hooks";
import { renderToString } from "preact-render-to-string";
import { assets } from "./build/assets.ts";
import type { PageProps } from "./define.ts";
import { jsonForScript, serialize } from "./serialize.ts";

/** Id of the JSON script that carries island props. */
export const PROPS_ID = "__hearth_props";

const wrappers = new Map<ComponentType, ComponentType>();
const InsideIsland = createContext(false);
// The islands of the page being rendered (rendering is synchronous, so one at a time).
let record: { used: Set<string>; props: unknown[] } | null = null;
// Set while a wrapper creates the real island's vnode, so the hook below leaves it alone.
let bypass = false;

const mark = (text: string) => h(Fragment, { UNSTABLE_comment: text } as object);

function island(component: ComponentType, props: object): VNode {
  bypass = true;
  const vnode = h(component, props);
  bypass = false;
  return vnode;
}

/** Registers the manifest's island components under their names. */
export function registerIslands(islands: [string, ComponentType][]): void {
  for (const [name, component] of islands) {
    // deno-lint-ignore no-explicit-any
    const Wrapper = ({ children, ...data }: any): VNode => {
      const inside = useContext(InsideIsland);
      if (inside || !record) return island(component, { ...data, children });
      const index = record.props.push(serialize(data, `island "${name}" prop`)) - 1;
      record.used.add(name);
      const slot = children === undefined
        ? undefined
        : h(Fragment, null, [mark(`hearth-slot:${index}`), children, mark("/hearth-slot")]);
      return h(Fragment, null, [
        mark(`hearth-island:${name}:${index}`),
        h(InsideIsland.Provider, { value: true }, island(component, { ...data, children: slot })),
        mark("/hearth-island"),
      ]);
    };
    wrappers.set(component, Wrapper);
  }
}

const previousVnode = options.vnode;
options.vnode = (vnode) => {
  const wrapper = bypass ? undefined : wrappers.get(vnode.type as ComponentType);
  // deno-lint-ignore no-explicit-any
  if (wrapper) (vnode as any).type = wrapper;
  previousVnode?.(vnode);
};

/** Renders a full HTML document: `page` inside `wrappers` (its layouts inside out, then `_app`). */
export function renderPage(
  page: ComponentType<PageProps>,
  wrappers: ComponentType<PageProps>[],
  props: Omit<PageProps, "Component">,
  nonce: string,
): string {
  // From the inside out: each wrapper receives what it wraps as `Component`.
  let Inner: ComponentType = () => h(page, { ...props, Component: () => null });
  for (const Layout of wrappers) {
    const Wrapped: ComponentType = Inner;
    Inner = () => h(Layout, { ...props, Component: Wrapped });
  }
  const previous = record;
  const islands = record = { used: new Set<string>(), props: [] as unknown[] };
  let html: string;
  try {
    html = renderToString(h(Inner, null));
  } finally {
    record = previous;
  }
  if (islands.used.size) {
    const names = [...islands.used];
    const imports = names.map((n, i) => `import i${i} from ${JSON.stringify(assets.islands[n])};`);
    const map = names.map((n, i) => `${JSON.stringify(n)}:i${i}`).join(",");
    const script =
      `<script type="application/json" id="${PROPS_ID}">${
        jsonForScript(islands.props)
      }</script><script type="module" nonce="${nonce.replace(/[^\w+/=-]/g, "")}">` +
      `import{boot}from${JSON.stringify(assets.boot)};${imports.join("")}` +
      `boot({${map}},${JSON.stringify(PROPS_ID)});</script>`;
    const at = html.lastIndexOf("</body>");
    html = at >= 0 ? html.slice(0, at) + script + html.slice(at) : html + script;
  }
  return "<!DOCTYPE html>" + html;
}

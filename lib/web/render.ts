/**
 * Renders a page: the route's component inside its `_layout`s inside `_app`, to a string with
 * preact-render-to-string. When the page used islands, their props and a boot script (with the
 * response's CSP nonce) are added before `</body>`; a page without islands ships no JavaScript.
 */
import { type ComponentType, h, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { assets } from "./assets.ts";
import { type IslandRecord, withIslandRecord } from "./islands.ts";
import { jsonForScript } from "./serialize.ts";
import type { PageProps } from "./types.ts";

/** Id of the JSON script that carries island props. */
export const PROPS_ID = "__hearth_props";

/** Everything one render needs. */
export interface RenderInput {
  /** The page, then its layouts from innermost to outermost; `_app` last (if any). */
  page: ComponentType<PageProps>;
  layouts: ComponentType<PageProps>[];
  app?: ComponentType<PageProps>;
  props: Omit<PageProps, "Component">;
  nonce: string;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

function bootScript(islands: IslandRecord, nonce: string): string {
  const names = [...islands.used];
  const imports = names.map((name, i) =>
    `import i${i} from ${JSON.stringify(assets.islands[name])};`
  )
    .join("");
  const map = names.map((name, i) => `${JSON.stringify(name)}:i${i}`).join(",");
  return `<script type="application/json" id="${PROPS_ID}">${
    jsonForScript(islands.props)
  }</script>` +
    `<script type="module" nonce="${escapeAttr(nonce)}">import{boot}from${
      JSON.stringify(assets.boot)
    };${imports}boot({${map}},${JSON.stringify(PROPS_ID)});</script>`;
}

/** Renders a full HTML document. */
export function renderPage(input: RenderInput): string {
  // Wrap from the inside out: each layout receives what it wraps as `Component`.
  let Inner: ComponentType = () =>
    h(input.page, { ...input.props, Component: () => null }) as VNode;
  for (const Layout of input.layouts) {
    const Wrapped: ComponentType = Inner;
    Inner = () => h(Layout, { ...input.props, Component: Wrapped }) as VNode;
  }
  const Root = input.app;
  const Content = Inner;
  const tree: VNode = Root
    ? h(Root, { ...input.props, Component: Content }) as VNode
    : h(Content, null);
  const { result, islands } = withIslandRecord(() => renderToString(tree));
  let html = result;
  if (islands.used.size > 0) {
    const script = bootScript(islands, input.nonce);
    const at = html.lastIndexOf("</body>");
    html = at >= 0 ? html.slice(0, at) + script + html.slice(at) : html + script;
  }
  return "<!DOCTYPE html>" + html;
}

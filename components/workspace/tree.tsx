/**
 * The workspace's tree in the panel: folders open and close (a tap on a folder also makes it the
 * one new files and folders go into), a file opens its preview; each row has Download (files)
 * and Delete.
 */
import type { Signal } from "@preact/signals";
import { formatSize, type Translate } from "../../lib/i18n/format.ts";
import { downloadUrl, type TreeNode } from "./files.ts";

/** The tree's line icons (24×24 paths; drawn, so no emoji font is needed on the box). */
const ICONS = {
  closed: "M9 6l6 6-6 6",
  open: "M6 9l6 6 6-6",
  folder: "M3 6h6l2 2h10v11H3z",
  file: "M6 3h9l4 4v14H6zM15 3v4h4",
  download: "M12 4v11M7 10l5 5 5-5M5 20h14",
  trash: "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13",
};

/** One of the tree's icons, decorative. */
export const WsIcon = ({ of }: { of: keyof typeof ICONS }) => (
  <svg class="ws-icon" viewBox="0 0 24 24" aria-hidden="true">
    <path d={ICONS[of]} />
  </svg>
);

/** Props of `Tree`. */
export interface TreeProps {
  id: string;
  nodes: TreeNode[];
  t: Translate;
  locale: string;
  /** Paths of the folders open (all start closed). */
  opened: Signal<Set<string>>;
  /** The folder new files go into ("" the top), and the file previewed. */
  folder: Signal<string>;
  selected: string | null;
  onOpen(path: string): void;
  onDelete(node: TreeNode): void;
}

/** One level of the tree (folders recurse). */
export function Tree(props: TreeProps) {
  const { id, nodes, t, locale, opened, folder, selected } = props;
  return (
    <ul class="ws-tree" role="list">
      {nodes.map((n) => {
        const path = n.entry.path;
        const dir = n.entry.kind === "dir";
        const open = dir && opened.value.has(path);
        return (
          <li key={path}>
            <div
              class="ws-row"
              data-current={dir && folder.value === path || selected === path || undefined}
            >
              {dir
                ? (
                  <button
                    type="button"
                    class="ws-name"
                    aria-expanded={open}
                    onClick={() => {
                      const next = new Set(opened.value);
                      if (open) next.delete(path);
                      else next.add(path);
                      opened.value = next;
                      // An opened folder is where new files go; closed, its parent is.
                      folder.value = open
                        ? path.slice(0, Math.max(0, path.lastIndexOf("/")))
                        : path;
                    }}
                  >
                    <WsIcon of={open ? "open" : "closed"} />
                    <WsIcon of="folder" />
                    <span dir="auto">{n.name}</span>
                  </button>
                )
                : (
                  <button
                    type="button"
                    class="ws-name"
                    aria-current={selected === path || undefined}
                    onClick={() => props.onOpen(path)}
                  >
                    <WsIcon of="file" />
                    <span dir="auto">{n.name}</span>
                    <span class="muted ws-size">{formatSize(n.entry.size, locale)}</span>
                  </button>
                )}
              {!dir && (
                <a
                  class="chat-chip"
                  href={downloadUrl(id, path)}
                  download={n.name}
                  aria-label={t("download", { name: n.name })}
                >
                  <WsIcon of="download" />
                </a>
              )}
              <button
                type="button"
                class="chat-chip"
                aria-label={t("delete", { name: n.name })}
                onClick={() => props.onDelete(n)}
              >
                <WsIcon of="trash" />
              </button>
            </div>
            {open && n.children.length > 0 && <Tree {...props} nodes={n.children} />}
          </li>
        );
      })}
    </ul>
  );
}

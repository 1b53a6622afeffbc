/**
 * The workspace panel's plain parts (no JSX, so they are tested alone): its URLs, the tree built
 * from the flat list the API sends, and what kind of preview a file gets.
 */
import { type TreeEntry, workspaceUrl } from "../../lib/workspace/types.ts";

const enc = encodeURIComponent;

/** The API's address of one file (download, upload, delete; `?inline=1` answers text). */
export const fileApi = (id: string, path: string) => `${workspaceUrl(id)}/files?path=${enc(path)}`;

/** A plain link's download of one file (the page route: the cookie is enough). */
export const downloadUrl = (id: string, path: string) => `/chat/${enc(id)}/files?path=${enc(path)}`;

/** A plain link's download of the whole workspace as a zip. */
export const zipUrl = (id: string) => `/chat/${enc(id)}/zip`;

/** `folder/name`, or `name` in the top folder. */
export const joinPath = (folder: string, name: string) => folder ? `${folder}/${name}` : name;

/** The last component of a path. */
export const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** A folder or file of the tree, with what is inside a folder. */
export interface TreeNode {
  name: string;
  entry: TreeEntry;
  children: TreeNode[];
}

/**
 * The tree of `entries` (any order; a folder the list leaves out, e.g. past the view's bound, is
 * made from its files' paths): folders first, then by name.
 */
export function buildTree(entries: TreeEntry[]): TreeNode[] {
  const top: TreeNode[] = [];
  const folders = new Map<string, TreeNode>();
  const folder = (path: string): TreeNode[] => {
    if (!path) return top;
    let node = folders.get(path);
    if (!node) {
      node = {
        name: baseName(path),
        entry: { path, kind: "dir", size: 0, modifiedAt: "" },
        children: [],
      };
      folders.set(path, node);
      folder(path.slice(0, Math.max(0, path.lastIndexOf("/")))).push(node);
    }
    return node.children;
  };
  for (const e of entries) {
    if (e.kind === "dir") {
      folder(e.path);
      folders.get(e.path)!.entry = e;
    } else {
      folder(e.path.slice(0, Math.max(0, e.path.lastIndexOf("/"))))
        .push({ name: baseName(e.path), entry: e, children: [] });
    }
  }
  const sort = (nodes: TreeNode[]) => {
    nodes.sort((a, b) =>
      a.entry.kind === b.entry.kind ? a.name.localeCompare(b.name) : a.entry.kind === "dir" ? -1 : 1
    );
    for (const n of nodes) sort(n.children);
  };
  sort(top);
  return top;
}

/** How a file is previewed. */
export type PreviewKind = "text" | "image" | "html" | "none";

const TEXT =
  /\.(txt|md|markdown|csv|tsv|json|jsonl|ya?ml|toml|ini|cfg|conf|log|xml|js|mjs|cjs|ts|tsx|jsx|css|scss|py|rb|go|rs|java|kt|c|h|cc|cpp|hpp|cs|php|sh|bash|zsh|sql|r|lua|pl|swift|tex|bib|srt|vtt|diff|patch|env|gitignore)$/i;
const IMAGE = /\.(png|jpe?g|gif|webp|avif|bmp|ico)$/i;

/** The preview `path` gets by its name (a file without an extension is taken as text). */
export function previewKind(path: string): PreviewKind {
  const name = baseName(path);
  if (/\.html?$/i.test(name)) return "html";
  if (IMAGE.test(name)) return "image";
  if (TEXT.test(name) || !name.includes(".") || name.startsWith(".")) return "text";
  return "none";
}

/** Bytes of a text file shown at most (the rest: download it). */
export const TEXT_PREVIEW_BYTES = 256 * 1024;

import * as assert from "node:assert/strict";
import type { TreeEntry } from "../../lib/workspace/types.ts";
import { buildTree, downloadUrl, fileApi, joinPath, previewKind } from "./files.ts";

const file = (path: string, size = 1): TreeEntry => ({ path, kind: "file", size, modifiedAt: "" });
const dir = (path: string): TreeEntry => ({ path, kind: "dir", size: 0, modifiedAt: "" });

Deno.test("workspace panel - the tree nests files in folders, folders first, then by name", () => {
  const tree = buildTree([file("b.txt"), file("src/z.ts"), dir("src"), file("a.txt"), dir("docs")]);
  assert.deepEqual(tree.map((n) => n.name), ["docs", "src", "a.txt", "b.txt"]);
  assert.deepEqual(tree[1].children.map((n) => n.entry.path), ["src/z.ts"]);
  assert.equal(tree[0].children.length, 0);
});

Deno.test("workspace panel - a folder the list left out is made from its files' paths", () => {
  const tree = buildTree([file("a/b/c.txt")]);
  assert.equal(tree[0].entry.path, "a");
  assert.equal(tree[0].entry.kind, "dir");
  assert.equal(tree[0].children[0].entry.path, "a/b");
  assert.equal(tree[0].children[0].children[0].name, "c.txt");
});

Deno.test("workspace panel - previews: HTML framed, images shown, text read, others downloaded", () => {
  assert.equal(previewKind("out/page.HTML"), "html");
  assert.equal(previewKind("a.png"), "image");
  assert.equal(previewKind("notes.md"), "text");
  assert.equal(previewKind("Makefile"), "text");
  assert.equal(previewKind("archive.zip"), "none");
});

Deno.test("workspace panel - paths go into the query, encoded", () => {
  assert.equal(fileApi("c1", "a b/../x"), "/api/workspaces/c1/files?path=a%20b%2F..%2Fx");
  assert.equal(downloadUrl("c1", "a&b.txt"), "/chat/c1/files?path=a%26b.txt");
  assert.equal(joinPath("", "x"), "x");
  assert.equal(joinPath("a", "x"), "a/x");
});

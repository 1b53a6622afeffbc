import * as assert from "node:assert/strict";
import { confine, confineForChange, isInside, normalizeRelative } from "./confine.ts";
import { rejectsWith } from "./testing.ts";

Deno.test("normalizeRelative - the lexical table", async () => {
  const ok: [string, string][] = [
    ["", ""],
    [".", ""],
    ["a", "a"],
    ["a/b.txt", "a/b.txt"],
    ["a//b/./c/", "a/b/c"],
    ["./a", "a"],
    ["..a/b..", "..a/b.."],
    ["a b/ü.md", "a b/ü.md"],
  ];
  for (const [input, want] of ok) assert.equal(normalizeRelative(input), want, input);
  const bad: [string, string][] = [
    ["..", "path_outside"],
    ["../x", "path_outside"],
    ["a/../../x", "path_outside"],
    ["a/..", "path_outside"],
    ["/etc/passwd", "path_outside"],
    ["//x", "path_outside"],
    ["C:/x", "path_outside"],
    ["a\0b", "bad_path"],
    ["a\nb", "bad_path"],
    ["a\u0085b", "bad_path"],
    ["..\\x", "bad_path"],
    ["a\\b", "bad_path"],
    ["x".repeat(256), "bad_path"],
    [`${"a/".repeat(33)}b`, "bad_path"],
    [`${"abcdefgh/".repeat(114)}x`, "bad_path"],
  ];
  for (const [input, code] of bad) await rejectsWith(() => normalizeRelative(input), code);
  // The limits themselves are fine.
  assert.equal(normalizeRelative("x".repeat(255)), "x".repeat(255));
  assert.equal(normalizeRelative("a/".repeat(32)), "a/".repeat(31) + "a");
});

Deno.test("isInside - compares whole components", () => {
  assert.ok(isInside("/ws/abc", "/ws/abc"));
  assert.ok(isInside("/ws/abc", "/ws/abc/x"));
  assert.ok(!isInside("/ws/abc", "/ws/abc-x"));
  assert.ok(!isInside("/ws/abc", "/ws/abcx/y"));
  assert.ok(!isInside("/ws/abc", "/ws"));
});

/** `<tmp>/ws/abc` (the root), a sibling `<tmp>/ws/abc-x` and a secret `<tmp>/secret.txt`. */
async function fixture() {
  const tmp = await Deno.realPath(await Deno.makeTempDir());
  const root = `${tmp}/ws/abc`;
  await Deno.mkdir(`${root}/docs`, { recursive: true });
  await Deno.mkdir(`${tmp}/ws/abc-x`, { recursive: true });
  await Deno.writeTextFile(`${root}/docs/in.txt`, "inside");
  await Deno.writeTextFile(`${tmp}/ws/abc-x/sibling.txt`, "sibling");
  await Deno.writeTextFile(`${tmp}/secret.txt`, "secret");
  return {
    tmp,
    root,
    [Symbol.asyncDispose]: () => Deno.remove(tmp, { recursive: true }),
  };
}

Deno.test("confine - the escape table", async () => {
  await using f = await fixture();
  const { tmp, root } = f;
  // Links as a command could make them.
  await Deno.symlink(`${tmp}/secret.txt`, `${root}/to-secret`);
  await Deno.symlink("../abc-x", `${root}/to-sibling`);
  await Deno.symlink(tmp, `${root}/to-tmp`);
  await Deno.symlink("/", `${root}/to-slash`);
  await Deno.symlink("docs", `${root}/to-docs`);
  await Deno.symlink("docs/in.txt", `${root}/to-in`);
  await Deno.symlink("to-docs", `${root}/to-to-docs`);
  await Deno.symlink("to-tmp", `${root}/to-to-tmp`);
  await Deno.symlink("missing", `${root}/dangling`);
  await Deno.symlink("loop", `${root}/loop`);
  // A link whose text starts like the root but names the sibling.
  await Deno.symlink(`${root}-x/sibling.txt`, `${root}/prefix`);

  const escapes = [
    "to-secret",
    "to-sibling/sibling.txt",
    "to-sibling",
    "to-tmp/secret.txt",
    "to-slash/etc/passwd",
    "to-to-tmp/secret.txt",
    "to-docs/../../secret.txt",
    "prefix",
    "dangling",
    "loop",
    "../abc-x/sibling.txt",
    "/etc/passwd",
  ];
  for (const rel of escapes) await rejectsWith(() => confine(root, rel), "path_outside");

  // Links that stay inside may be read through.
  assert.equal(await confine(root, "to-docs/in.txt"), `${root}/docs/in.txt`);
  assert.equal(await confine(root, "to-in"), `${root}/docs/in.txt`);
  assert.equal(await confine(root, "to-to-docs/in.txt"), `${root}/docs/in.txt`);
  // Plain and not-yet-existing paths.
  assert.equal(await confine(root, ""), root);
  assert.equal(await confine(root, "docs/in.txt"), `${root}/docs/in.txt`);
  assert.equal(await confine(root, "new/deeper/file.txt"), `${root}/new/deeper/file.txt`);
  assert.equal(await confine(root, "to-docs/new.txt"), `${root}/docs/new.txt`);
});

Deno.test("confine - a root that is itself reached through a link is compared by its real path", async () => {
  await using f = await fixture();
  await Deno.symlink(`${f.tmp}/ws`, `${f.tmp}/alias`);
  const root = `${f.tmp}/alias/abc`;
  await Deno.symlink(`${f.tmp}/ws/abc-x`, `${f.root}/sib`);
  assert.equal(await confine(root, "docs/in.txt"), `${f.root}/docs/in.txt`);
  await rejectsWith(() => confine(root, "sib/sibling.txt"), "path_outside");
});

Deno.test("confineForChange - never writes through a link", async () => {
  await using f = await fixture();
  const { tmp, root } = f;
  await Deno.symlink(tmp, `${root}/out`);
  await Deno.symlink("docs", `${root}/in-link`);
  await Deno.symlink(`${tmp}/secret.txt`, `${root}/file-link`);
  // A linked folder pointing outside: an escape.
  await rejectsWith(() => confineForChange(root, "out/secret.txt"), "path_outside");
  await rejectsWith(() => confineForChange(root, "out/new/x.txt"), "path_outside");
  // A linked folder inside: still refused for a change.
  await rejectsWith(() => confineForChange(root, "in-link/in.txt"), "path_is_link");
  // The last component is the link itself, not its target.
  const link = await confineForChange(root, "file-link");
  assert.equal(link.path, `${root}/file-link`);
  assert.ok((await Deno.lstat(link.path)).isSymlink);
  assert.deepEqual(await confineForChange(root, "a/b/c.txt"), {
    path: `${root}/a/b/c.txt`,
    parent: `${root}/a/b`,
    rel: "a/b/c.txt",
  });
  await rejectsWith(() => confineForChange(root, ""), "bad_path");
  await rejectsWith(() => confineForChange(root, "../abc-x/x"), "path_outside");
  // A file is no folder to go through.
  await rejectsWith(() => confineForChange(root, "docs/in.txt/x"), "not_a_folder");
  await rejectsWith(() => confine(root, "docs/in.txt/x"), "not_a_folder");
});

Deno.test("confine - a workspace folder replaced by a link is not a root", async () => {
  await using f = await fixture();
  const root = `${f.tmp}/ws/abc`;
  await Deno.remove(root, { recursive: true });
  // What `cd .. && rm -rf abc && ln -s / abc` in a command leaves.
  await Deno.symlink("/", root);
  await rejectsWith(() => confine(root, "etc/passwd"), "path_outside");
  await rejectsWith(() => confine(root, ""), "path_outside");
  await rejectsWith(() => confineForChange(root, "tmp/x"), "path_outside");
});

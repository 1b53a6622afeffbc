import assert from "node:assert/strict";
import { generateManifest, scanProject } from "./manifest.ts";

const root = new URL("../../..", import.meta.url).pathname.replace(/\/$/, "");

Deno.test("manifest - the checked-in routes.gen.ts is up to date (run `deno task build`)", async () => {
  const onDisk = await Deno.readTextFile(`${root}/routes.gen.ts`);
  assert.equal(
    onDisk,
    await generateManifest(root),
    "routes.gen.ts is stale: run `deno task build`",
  );
});

Deno.test("manifest - scanning finds routes, special files and islands, and skips tests", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hearth-manifest-" });
  try {
    const files = [
      "routes/index.tsx",
      "routes/_app.tsx",
      "routes/api/_middleware.ts",
      "routes/blog/[slug].tsx",
      "routes/blog/[slug]_test.ts",
      "routes/chat/(_islands)/Composer.tsx",
      "routes/chat/(_components)/Bubble.tsx",
      "routes/notes.md",
      "islands/Clock.tsx",
      "islands/Clock_test.tsx",
    ];
    for (const f of files) {
      await Deno.mkdir(`${dir}/${f.slice(0, f.lastIndexOf("/"))}`, { recursive: true });
      await Deno.writeTextFile(`${dir}/${f}`, "export default () => null;\n");
    }
    const { routes, islands } = await scanProject(dir);
    assert.deepEqual(routes, [
      "./routes/_app.tsx",
      "./routes/api/_middleware.ts",
      "./routes/blog/[slug].tsx",
      "./routes/index.tsx",
    ]);
    assert.deepEqual(islands, ["./islands/Clock.tsx", "./routes/chat/(_islands)/Composer.tsx"]);
    const text = await generateManifest(dir);
    assert.match(text, /import \* as \$r2 from "\.\/routes\/blog\/\[slug\]\.tsx";/);
    assert.match(text, /"\.\/islands\/Clock\.tsx": \$i0,/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("web - the runtime stays a small Fresh subset: lib/web/ has at most 600 lines outside build/ and tests", async () => {
  const web = `${root}/lib/web`;
  const files: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory && entry.name !== "build") await walk(path);
      else if (entry.isFile && /\.tsx?$/.test(entry.name) && !/_test\.tsx?$/.test(entry.name)) {
        files.push(path);
      }
    }
  };
  await walk(web);
  let lines = 0;
  for (const file of files) lines += (await Deno.readTextFile(file)).split("\n").length - 1;
  assert.ok(files.some((f) => f.endsWith("/fs_routes.ts")), "the router is counted");
  assert.ok(lines <= 600, `lib/web/ runtime has ${lines} lines (${files.length} files)`);
});

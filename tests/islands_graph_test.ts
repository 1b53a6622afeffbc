/**
 * Islands are the only code that reaches the browser, and they must not drag server code along.
 * For every island in routes.gen.ts, and the boot script that hydrates them, this walks the
 * import graph (`deno info --json`, one run for all), code and type imports alike: a type import
 * of a server module means a shape lives in the wrong place. It fails when an island reaches a
 * local module outside the browser-safe set, a module from outside the project, `node:*`, an npm
 * package other than Preact and its signals, or a module that uses `Deno.*`; the message names
 * the island and the chain of imports.
 */
import assert from "node:assert/strict";
import manifest from "../routes.gen.ts";

const root = new URL("../", import.meta.url);

/**
 * Local modules the browser may load (paths from the project root), each for a reason: islands
 * and their components; the browser runtime (session, JSON calls, task streams) and the island
 * boot with its props format; the API's shapes (`lib/<domain>/types.ts`, type-only or plain
 * constants); words and numbers; the folds of pull and install events and the models' fit;
 * the Markdown renderer replies use (pure string work, its test helpers excluded); and the
 * app's links (`lib/links.ts`, string templates).
 */
const BROWSER_SAFE: RegExp[] = [
  /^islands\//,
  /^components\//,
  /^lib\/client\/(?!.*_test\.ts$)/,
  /^lib\/web\/client\//,
  /^lib\/web\/serialize\.ts$/,
  /^lib\/\w+\/types\.ts$/,
  /^lib\/i18n\/format\.ts$/,
  /^lib\/ollama\/(pull|install)_view\.ts$/,
  /^lib\/setup\/fit_view\.ts$/,
  /^lib\/markdown\/(mod|block|inline|url_safety|bidi)\.ts$/,
  /^lib\/links\.ts$/,
];

/** npm packages the browser bundle may contain. */
const NPM_ALLOWED = /^npm:\/?(preact|@preact\/signals)@/;

/** One module of `deno info --json`. */
interface InfoModule {
  specifier: string;
  kind?: string;
  local?: string;
  dependencies?: {
    specifier: string;
    code?: { specifier: string };
    type?: { specifier: string };
  }[];
  typesDependency?: { dependency?: { specifier: string } };
}

/** What `deno info --json` answers. */
interface InfoGraph {
  modules: InfoModule[];
  redirects: Record<string, string>;
}

/** Drops comments, so a doc line about `Deno.build.os` is not mistaken for a use. */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

/** What the browser may not load. */
const SERVER_CODE = "a local module outside the browser-safe set (server code)";

/** Why `module` may not reach the browser, or null. `path` is relative to the root. */
function refusal(module: InfoModule, path: string | null, source: string | null): string | null {
  const s = module.specifier;
  if (s.startsWith("node:")) return "a Node built-in";
  if (s.startsWith("npm:")) {
    return NPM_ALLOWED.test(s) ? null : "an npm package not for the browser";
  }
  if (path === null) return "a module outside the project";
  if (!BROWSER_SAFE.some((rule) => rule.test(path))) return SERVER_CODE;
  if (source !== null && /(?<![\w.$])Deno\.\w/.test(code(source))) return "it uses Deno.*";
  return null;
}

/**
 * Every rule `island` breaks in `graph`, one entry per offending module: the island, the chain
 * of imports to it, and why it is refused. The walk stops at server code (what lies behind it
 * is the same mistake). `read` gives a local module's source.
 */
function offences(
  graph: InfoGraph,
  island: string,
  read: (module: InfoModule) => string | null,
): string[] {
  const bySpecifier = new Map(graph.modules.map((m) => [m.specifier, m]));
  const resolve = (s: string) => graph.redirects[s] ?? s;
  const name = (s: string) => s.startsWith(root.href) ? s.slice(root.href.length) : s;
  const parent = new Map<string, string | null>([[island, null]]);
  const queue = [island];
  const found: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const specifier = queue[i];
    const module = bySpecifier.get(specifier) ?? { specifier };
    const local = specifier.startsWith(root.href) ? name(specifier) : null;
    const reason = refusal(module, specifier.startsWith("file:") ? local : null, read(module));
    if (reason) {
      const chain: string[] = [];
      for (let at: string | null = specifier; at; at = parent.get(at) ?? null) chain.unshift(at);
      found.push(`${chain.map(name).join("\n    → ")}\n    (${reason})`);
      if (reason === SERVER_CODE) continue;
    }
    // An npm package's own imports are npm's business; the package itself was judged above.
    if (module.kind === "npm" || !module.dependencies) continue;
    const next = module.dependencies.flatMap((d) => [d.code?.specifier, d.type?.specifier]);
    next.push(module.typesDependency?.dependency?.specifier);
    for (const dep of next) {
      if (!dep) continue;
      const target = resolve(dep);
      if (parent.has(target)) continue;
      parent.set(target, specifier);
      queue.push(target);
    }
  }
  return found;
}

/** One `deno info --json` over a module that imports every island. */
async function islandGraph(islands: string[]): Promise<InfoGraph> {
  const dir = await Deno.makeTempDir();
  try {
    const entry = `${dir}/islands.ts`;
    await Deno.writeTextFile(
      entry,
      islands.map((url) => `import ${JSON.stringify(url)};\n`).join(""),
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", "--config", new URL("deno.json", root).pathname, entry],
      cwd: root.pathname,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function readLocal(module: InfoModule): string | null {
  return module.local ? Deno.readTextFileSync(module.local) : null;
}

Deno.test("islands graph - no island reaches server code, Node, foreign npm packages or Deno.*", async () => {
  const islands = [...Object.keys(manifest.islands), "lib/web/client/boot.ts"]
    .map((path) => new URL(path, root).href);
  assert.ok(islands.length > 1, "the manifest lists islands");
  const graph = await islandGraph(islands);
  const problems = islands.flatMap((island) =>
    offences(graph, island, readLocal).map((line) => `  ${line}`)
  );
  assert.deepEqual(
    problems,
    [],
    `islands reach code the browser must not load:\n${problems.join("\n")}`,
  );
});

Deno.test("islands graph - a broken rule names the island, the chain and the reason", () => {
  const f = (path: string) => new URL(path, root).href;
  const graph: InfoGraph = {
    redirects: { "npm:zod@4": "npm:/zod@4" },
    modules: [
      {
        specifier: f("islands/Bad.tsx"),
        dependencies: [
          {
            specifier: "../components/x/Part.tsx",
            code: { specifier: f("components/x/Part.tsx") },
          },
          { specifier: "preact", code: { specifier: "npm:/preact@11.2.0" } },
        ],
      },
      {
        specifier: f("components/x/Part.tsx"),
        dependencies: [
          { specifier: "../../lib/db/mod.ts", type: { specifier: f("lib/db/mod.ts") } },
          { specifier: "../../lib/x/types.ts", type: { specifier: f("lib/x/types.ts") } },
          { specifier: "node:path", code: { specifier: "node:path" } },
        ],
      },
      {
        specifier: f("lib/x/types.ts"),
        dependencies: [{ specifier: "zod", code: { specifier: "npm:zod@4" } }],
      },
      {
        specifier: f("lib/db/mod.ts"),
        dependencies: [{ specifier: "node:sqlite", code: { specifier: "node:sqlite" } }],
      },
      { specifier: "npm:/preact@11.2.0", kind: "npm" },
      { specifier: "npm:/zod@4", kind: "npm" },
      { specifier: "node:sqlite", kind: "node" },
      { specifier: "node:path", kind: "node" },
    ],
  };
  const source = (m: InfoModule) =>
    m.specifier.endsWith("Part.tsx") ? "// Deno.env is not used here\nDeno.readTextFile('x');" : "";
  assert.deepEqual(offences(graph, f("islands/Bad.tsx"), source), [
    "islands/Bad.tsx\n    → components/x/Part.tsx\n    (it uses Deno.*)",
    "islands/Bad.tsx\n    → components/x/Part.tsx\n    → lib/db/mod.ts\n" +
    "    (a local module outside the browser-safe set (server code))",
    "islands/Bad.tsx\n    → components/x/Part.tsx\n    → node:path\n    (a Node built-in)",
    "islands/Bad.tsx\n    → components/x/Part.tsx\n    → lib/x/types.ts\n    → npm:/zod@4\n" +
    "    (an npm package not for the browser)",
  ]);
  // A comment that mentions Deno.* is not a use; the npm import below it still counts.
  assert.deepEqual(offences(graph, f("lib/x/types.ts"), () => "/** `Deno.build.os` */"), [
    "lib/x/types.ts\n    → npm:/zod@4\n    (an npm package not for the browser)",
  ]);
});

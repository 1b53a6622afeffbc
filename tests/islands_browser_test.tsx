/**
 * The island layer end to end in real Chromium: a page rendered by `renderPage` and hydrated by
 * the boot script, with an island that takes JSX children. The island is a throwaway module
 * bundled for this test (with the real boot module, so they share one Preact), not an app island.
 */
import assert from "node:assert/strict";
import { registerIslands, renderPage } from "../lib/web/render.ts";
import { collectErrors, launchBrowser } from "./helpers/browser.ts";
import { ROOT } from "./helpers/server.ts";

const CARD = `import { useState } from "preact/hooks";
import type { ComponentChildren } from "preact";

export default function Card(props: { title: string; children?: ComponentChildren }) {
  const [open, setOpen] = useState(true);
  return (
    <section class="card">
      <button type="button" onClick={() => setOpen(!open)}>
        {props.title}: {open ? "open" : "closed"}
      </button>
      {open && <div class="body">{props.children}</div>}
    </section>
  );
}
`;

Deno.test("islands browser - an island hydrates around its server-rendered JSX children", async () => {
  // Inside the project (in the ignored _build/), so the import map and JSX settings apply.
  const dir = await Deno.makeTempDir({ dir: `${ROOT}/_build`, prefix: "islands-test-" });
  const out = `${dir}/out`;
  let server: Deno.HttpServer<Deno.NetAddr> | undefined;
  const browser = await launchBrowser();
  try {
    await Deno.writeTextFile(`${dir}/Card.tsx`, CARD);
    const bundled = await new Deno.Command(Deno.execPath(), {
      args: ["bundle", "--quiet", "--platform", "browser", "--code-splitting", "--outdir", out]
        .concat(["lib/web/client/boot.ts", `${dir.slice(ROOT.length + 1)}/Card.tsx`]),
      cwd: ROOT,
      stderr: "piped",
    }).output();
    assert.equal(bundled.code, 0, new TextDecoder().decode(bundled.stderr));
    const Card = (await import(`file://${dir}/Card.tsx`)).default;
    registerIslands([["Card", Card]]);
    const Page = () => (
      <html>
        <body>
          <Card title="t">
            <b>bold</b> text
          </Card>
        </body>
      </html>
    );
    const url = new URL("http://x/");
    const rendered = renderPage(Page, [], { data: null, url, params: {}, state: {} }, "n");
    // Our own boot script: the app's names bundles of the real build, not this test's.
    const card = `/${dir.slice(ROOT.length + 1)}/Card.js`;
    const html = rendered.replace(
      /<script type="module".*?<\/script>/,
      `<script type="module">import{boot}from"/lib/web/client/boot.js";import i0 from"${card}";` +
        `boot({"Card":i0},"__hearth_props");</script>`,
    );
    assert.match(html, /<!--hearth-slot:0--><b>bold<\/b> text<!--\/hearth-slot-->/);
    const files = new Map<string, string>();
    const walk = async (rel: string): Promise<void> => {
      for await (const entry of Deno.readDir(`${out}${rel}`)) {
        const path = `${rel}/${entry.name}`;
        if (entry.isDirectory) await walk(path);
        else files.set(path, await Deno.readTextFile(`${out}${path}`));
      }
    };
    await walk("");
    server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/") return new Response(html, { headers: { "content-type": "text/html" } });
      if (path === "/favicon.ico") return new Response(null, { status: 204 });
      const js = files.get(path);
      return js === undefined
        ? new Response("no", { status: 404 })
        : new Response(js, { headers: { "content-type": "text/javascript" } });
    });
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`http://127.0.0.1:${server.addr.port}/`);
    const button = page.locator(".card button");
    await page.waitForFunction(() => document.querySelectorAll(".card").length === 1);
    assert.equal(await page.locator(".card .body").innerHTML(), "<b>bold</b> text");
    // Interactive, and the children are real vnodes: closed and opened again, they come back.
    await button.click();
    await page.locator(".card button", { hasText: "t: closed" }).waitFor({ timeout: 5_000 });
    assert.equal(await page.locator(".card .body").count(), 0);
    await button.click();
    await page.locator(".card button", { hasText: "t: open" }).waitFor({ timeout: 5_000 });
    assert.equal(await page.locator(".card .body").innerHTML(), "<b>bold</b> text");
    assert.equal(await page.locator(".card").count(), 1, "hydrated in place, not rendered twice");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server?.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

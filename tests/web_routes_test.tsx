/**
 * The Fresh-shaped layer end to end, over a fixture manifest: handlers, pages, layouts, `_app`,
 * middleware order, error pages, 405s and islands.
 */
import assert from "node:assert/strict";
import { signal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { adminOnly } from "../lib/auth/guard.ts";
import { HttpError } from "../lib/http/errors.ts";
import { expectError, testApp } from "./helpers/app.ts";
import {
  type Context,
  createDefine,
  type Manifest,
  page,
  type PageProps,
} from "../lib/web/define.ts";

function Counter({ start }: { start: number; onPick?: () => void }) {
  return <button type="button">{start}</button>;
}
function Inner({ label }: { label: string }) {
  return <i>{label}</i>;
}
function Outer({ label }: { label: string }) {
  return (
    <div class="outer">
      <Inner label={label} />
    </div>
  );
}
function Box({ children }: { children?: ComponentChildren }) {
  return <div>{children}</div>;
}
function Card({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <section class="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

const define = createDefine<{ nonce: string }>();
const greet = define.handlers({
  GET: (ctx) => page({ greeting: `hi ${ctx.params.name}`, letters: ctx.params.name.length }),
});
const Greet = define.page<typeof greet>(({ data }) => {
  // The page's data type comes from the handler: a wrong field is a type error.
  // @ts-expect-error `missing` is not in what the handler returns
  const _missing = data.missing;
  const letters: number = data.letters;
  return <p class="greet">{data.greeting} ({letters})</p>;
});

const order: string[] = [];

const manifest: Manifest = {
  routes: {
    "./routes/_app.tsx": {
      default: ({ Component }: PageProps) => (
        <html>
          <body>
            <Component />
          </body>
        </html>
      ),
    },
    "./routes/_layout.tsx": {
      default: ({ Component }: PageProps) => (
        <div class="root-layout">
          <Component />
        </div>
      ),
    },
    "./routes/_middleware.ts": {
      handler: async (ctx: Context<unknown>) => {
        order.push("root");
        const res = await ctx.next();
        res.headers.set("x-root", "1");
        return res;
      },
    },
    "./routes/admin/_middleware.ts": {
      handler: [
        (ctx: Context<unknown>) => {
          order.push("admin");
          return ctx.next();
        },
        (ctx: Context<unknown>) =>
          ctx.url.searchParams.has("deny") ? new Response("denied", { status: 403 }) : ctx.next(),
      ],
    },
    "./routes/admin/_layout.tsx": {
      default: ({ Component }: PageProps) => (
        <section class="admin-layout">
          <Component />
        </section>
      ),
    },
    "./routes/admin/_error.tsx": {
      default: ({ error }: PageProps) => <p class="admin-error">{(error as Error).message}</p>,
    },
    "./routes/_404.tsx": { default: () => <p class="nf">not here</p> },
    "./routes/index.tsx": { default: () => <h1>home</h1> },
    "./routes/plain.tsx": {
      default: () => <p>plain</p>,
      config: { skipInheritedLayouts: true },
    },
    "./routes/admin/[id].tsx": {
      handler: {
        GET: (ctx: Context<unknown>) => page(ctx.params.id, { headers: { "x-id": ctx.params.id } }),
        DELETE: (ctx: Context<unknown>) => Response.json({ deleted: ctx.params.id }),
      },
      default: ({ data }: PageProps<string>) => <p class="item">item {data}</p>,
    },
    "./routes/admin/boom.tsx": {
      handler: () => {
        throw new HttpError(409, "conflict", "That clashes.");
      },
    },
    "./routes/api/(admin)/_middleware.ts": { handler: adminOnly },
    "./routes/api/(admin)/secret.ts": { handler: () => Response.json({ secret: 42 }) },
    "./routes/api/open.ts": { handler: () => Response.json({ open: true }) },
    "./routes/(admin)/_middleware.ts": { handler: adminOnly },
    "./routes/(admin)/vault.tsx": { default: () => <p>vault</p> },
    "./routes/(shop)/files/[...path].ts": {
      handler: (ctx: Context<unknown>) => Response.json({ path: ctx.params.path }),
    },
    "./routes/crash.tsx": {
      handler: () => {
        throw new Error("secret internals /etc/passwd");
      },
    },
    "./routes/islands.tsx": {
      default: () => (
        <Box>
          <Counter start={3} />
          <Outer label="x" />
          <Counter start={4} />
        </Box>
      ),
    },
    "./routes/hello/[name].tsx": { handler: greet, default: Greet },
    "./routes/slot.tsx": {
      default: () => (
        <Card title="t">
          <b>bold</b> text <Counter start={5} />
        </Card>
      ),
    },
    "./routes/bad-island.tsx": {
      default: () => <Counter start={1} onPick={() => {}} />,
    },
    "./routes/signal-island.tsx": {
      default: () => <Counter start={signal(7) as unknown as number} />,
    },
  },
  islands: {
    "./islands/Counter.tsx": { default: Counter },
    "./islands/Outer.tsx": { default: Outer },
    "./islands/Inner.tsx": { default: Inner },
    "./islands/Card.tsx": { default: Card },
  },
};

const html = { headers: { accept: "text/html" } };

Deno.test("web - a page renders inside its layouts and _app", async () => {
  await using app = await testApp({ manifest });
  const res = await app.fetch("/admin/42", html);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-id"), "42");
  assert.equal(res.headers.get("x-root"), "1");
  const text = await res.text();
  assert.match(
    text,
    /^<!DOCTYPE html><html><body><div class="root-layout"><section class="admin-layout"><p class="item">item 42<\/p><\/section><\/div><\/body><\/html>$/,
  );
});

Deno.test("web - skipInheritedLayouts renders inside _app only", async () => {
  await using app = await testApp({ manifest });
  const text = await (await app.fetch("/plain")).text();
  assert.equal(text, "<!DOCTYPE html><html><body><p>plain</p></body></html>");
});

Deno.test("web - middleware runs parent folder first and may answer by itself", async () => {
  await using app = await testApp({ manifest });
  order.length = 0;
  await (await app.fetch("/admin/1")).body?.cancel();
  assert.deepEqual(order, ["root", "admin"]);
  const denied = await app.fetch("/admin/1?deny");
  assert.equal(denied.status, 403);
  assert.equal(await denied.text(), "denied");
});

Deno.test("web - handler objects dispatch by method; others get 405 with Allow", async () => {
  await using app = await testApp({ manifest });
  assert.deepEqual(await (await app.fetch("/admin/7", { method: "DELETE" })).json(), {
    deleted: "7",
  });
  const res = await app.fetch("/admin/7", { method: "PUT" });
  await expectError(res, 405, "method_not_allowed");
  assert.equal(res.headers.get("allow"), "GET, DELETE, HEAD");
  const head = await app.fetch("/admin/7", { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), "");
});

Deno.test("web - catch-all parameters and (group) folders", async () => {
  await using app = await testApp({ manifest });
  assert.deepEqual(await (await app.fetch("/files/a/b/c.txt")).json(), { path: "a/b/c.txt" });
});

Deno.test("web - errors render the nearest _error page for browsers and JSON for others", async () => {
  await using app = await testApp({ manifest });
  const page = await app.fetch("/admin/boom", html);
  assert.equal(page.status, 409);
  assert.match(await page.text(), /<p class="admin-error">That clashes\.<\/p>/);
  await expectError(await app.fetch("/admin/boom"), 409, "conflict");
  const nf = await app.fetch("/nowhere", html);
  assert.equal(nf.status, 404);
  assert.match(await nf.text(), /<div class="root-layout"><p class="nf">not here<\/p><\/div>/);
});

Deno.test("web - an unexpected error is a 500 that hides internals and logs them", async () => {
  await using app = await testApp({ manifest });
  const res = await app.fetch("/crash");
  const body = await expectError(res, 500, "internal_error");
  assert.ok(!JSON.stringify(body).includes("passwd"), "no internals in the answer");
  const entry = app.services.log.entries().find((e) => e.msg === "unhandled error");
  assert.equal(entry?.fields?.requestId, body.error.requestId);
  assert.match(String(entry?.fields?.error), /secret internals/);
});

Deno.test("web - only top-level islands get markers, with their props", async () => {
  await using app = await testApp({ manifest });
  const text = await (await app.fetch("/islands")).text();
  const markers = [...text.matchAll(/<!--hearth-island:(\w+):(\d+)-->/g)].map((m) =>
    `${m[1]}:${m[2]}`
  );
  assert.deepEqual(markers, ["Counter:0", "Outer:1", "Counter:2"]);
  assert.equal([...text.matchAll(/<!--\/hearth-island-->/g)].length, 3);
  assert.match(text, /<div class="outer"><i>x<\/i><\/div>/);
  const props = /<script type="application\/json" id="__hearth_props">(.*?)<\/script>/.exec(text)
    ?.[1];
  assert.deepEqual(JSON.parse(props!), [{ start: 3 }, { label: "x" }, { start: 4 }]);
  assert.match(text, /<script type="module" nonce="[^"]+">import\{boot\}from"\/_hearth\/js\//);
});

Deno.test("web - a page without islands ships no script at all", async () => {
  await using app = await testApp({ manifest });
  const text = await (await app.fetch("/admin/3")).text();
  assert.ok(!text.includes("<script"), text);
});

Deno.test("web - a function prop on an island is a clear render-time error", async () => {
  await using app = await testApp({ manifest });
  const res = await app.fetch("/bad-island");
  await expectError(res, 500, "internal_error");
  const logged = app.services.log.entries().map((e) => JSON.stringify(e.fields)).join("\n");
  assert.match(logged, /island \\"Counter\\" prop\.onPick is a function/);
});

Deno.test("web - signal props are serialized as signals", async () => {
  await using app = await testApp({ manifest });
  const text = await (await app.fetch("/signal-island")).text();
  assert.match(text, /id="__hearth_props">\[\{"start":\{"\$s":7\}\}\]</);
});

Deno.test("web - a (group) folder's middleware guards its routes and no others", async () => {
  await using app = await testApp({ manifest });
  await expectError(await app.api("/api/secret"), 401, "admin_required");
  const vault = await app.fetch("/vault?x=1");
  assert.equal(vault.status, 303);
  assert.equal(vault.headers.get("location"), "/admin/login?next=%2Fvault%3Fx%3D1");
  // Siblings outside the group are not guarded.
  assert.deepEqual(await (await app.api("/api/open")).json(), { open: true });
  assert.equal((await app.fetch("/plain")).status, 200);
});

Deno.test("web - define.page<typeof handler> renders what the handler's page() returned", async () => {
  await using app = await testApp({ manifest });
  const text = await (await app.fetch("/hello/ann")).text();
  assert.match(text, /<p class="greet">hi ann \(3\)<\/p>/);
});

Deno.test("web - an island's JSX children render between slot markers, its props without them", async () => {
  await using app = await testApp({ manifest });
  const text = await (await app.fetch("/slot")).text();
  assert.match(
    text,
    /<!--hearth-island:Card:0--><section class="card"><h2>t<\/h2><!--hearth-slot:0--><b>bold<\/b> text <button type="button">5<\/button><!--\/hearth-slot--><\/section><!--\/hearth-island-->/,
  );
  const props = /id="__hearth_props">(.*?)<\/script>/.exec(text)?.[1];
  // An island inside the children is plain HTML: the slot is hydrated as it was rendered.
  assert.deepEqual(JSON.parse(props!), [{ title: "t" }]);
});

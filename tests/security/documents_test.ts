/**
 * The document library against hostile input: names that try to be paths or markup, ids that
 * try to leave the documents folder, an HTML file that tries to run in the page, a form instead
 * of a file, and file modes.
 */
import assert from "node:assert/strict";
import { expectError, testApp } from "../helpers/app.ts";
import { member } from "../helpers/profile.ts";
import { profileOwner } from "../../lib/tasks/owner.ts";

Deno.test("documents security - a hostile name is text: no path, no markup, no reversed display", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const names = [
    "../../hearth.db",
    "<img src=x onerror=alert(1)>.txt",
    "report\u202Efdp.exe",
    "..\\..\\config.json",
  ];
  const ingesting: Promise<unknown>[] = [];
  for (const name of names) {
    const res = await ann.fetch(`/api/documents?name=${encodeURIComponent(name)}`, {
      method: "POST",
      body: "hello",
    });
    assert.equal(res.status, 201, await res.clone().text());
    const { taskId } = await res.json();
    ingesting.push(app.services.tasks.get(taskId, profileOwner(ann.id)).ended);
  }
  // Ingestion writes each text beside its original (`<id>.md`): let it finish first.
  await Promise.all(ingesting);
  const { documents } = await (await ann.fetch("/api/documents")).json();
  assert.deepEqual(documents.map((d: { name: string }) => d.name).sort(), [
    "<img src=x onerror=alert(1)>.txt",
    "config.json",
    "hearth.db",
    "reportfdp.exe",
  ]);
  // Every file is named by its id (the original, and its text as `<id>.md`), inside the
  // documents folder; nothing was written elsewhere.
  const ids = documents.map((d: { id: string }) => d.id).sort();
  const files = [...Deno.readDirSync(`${app.home}/documents`)].map((e) => e.name);
  assert.deepEqual(files.filter((f) => !f.endsWith(".md")).sort(), ids);
  for (const f of files) assert.ok(ids.includes(f.replace(/\.md$/, "")), f);
  assert.equal((await Deno.stat(`${app.home}/hearth.db`)).size > 5, true, "the database is intact");
  const mode = (await Deno.stat(`${app.home}/documents`)).mode! & 0o777;
  assert.equal(mode, 0o700);
  assert.equal((await Deno.stat(`${app.home}/documents/${ids[0]}`)).mode! & 0o777, 0o600);
});

Deno.test("documents security - ids cannot reach outside the library", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  for (const id of ["..%2F..%2Fhearth.db", "..%2Fconfig.json", "%2E%2E", "x%00y"]) {
    for (const tail of ["", "/download", "/text"]) {
      const res = await ann.fetch(`/api/documents/${id}${tail}`);
      assert.equal(res.status, 404, `${id}${tail}: ${await res.clone().text()}`);
      await res.body?.cancel();
    }
  }
});

Deno.test("documents security - an HTML document downloads as an attachment, never rendered or sniffed", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const up = await ann.fetch("/api/documents?name=page.html", {
    method: "POST",
    body: "<!doctype html><html><script>alert(1)</script></html>",
  });
  const doc = await up.json();
  assert.equal(doc.kind, "html");
  const res = await ann.fetch(`/api/documents/${doc.id}/download`);
  await res.body?.cancel();
  assert.match(res.headers.get("content-disposition") ?? "", /^attachment;/);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  assert.match(res.headers.get("content-security-policy") ?? "", /script-src/);
});

Deno.test("documents security - a form is refused: the body must be the file itself", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const form = new FormData();
  form.append("file", new Blob(["hello"]), "a.txt");
  await expectError(
    await ann.fetch("/api/documents?name=a.txt", { method: "POST", body: form }),
    415,
    "upload_not_raw",
  );
  assert.deepEqual(
    [...(function* () {
      try {
        yield* Deno.readDirSync(`${app.home}/documents`);
      } catch { /* never made */ }
    })()],
    [],
  );
});

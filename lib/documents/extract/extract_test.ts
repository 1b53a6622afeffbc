import assert from "node:assert/strict";
import { strToU8 } from "fflate";
import { extractDocument, ExtractError } from "./mod.ts";
import type { DocumentKind } from "../types.ts";
import { buildDocx, buildPdf, wordParagraph, wordTable } from "./testing.ts";

/** Writes `data` to a temp file and extracts it. */
async function extract(
  data: Uint8Array | string,
  kind: DocumentKind,
  opts: Parameters<typeof extractDocument>[2] = {},
) {
  const file = await Deno.makeTempFile({ prefix: "hearth-extract-" });
  try {
    await Deno.writeFile(file, typeof data === "string" ? strToU8(data) : data);
    return await extractDocument(file, kind, opts);
  } finally {
    await Deno.remove(file);
  }
}

/** The ExtractError code an extraction fails with. */
async function failure(
  data: Uint8Array | string,
  kind: DocumentKind,
  opts?: Parameters<typeof extractDocument>[2],
) {
  const err = await extract(data, kind, opts).then(
    () => assert.fail("the extraction should have failed"),
    (e) => e,
  );
  assert.ok(err instanceof ExtractError, String(err));
  return err;
}

Deno.test("extract - a PDF built by hand gives its words page by page and its page count", async () => {
  const pdf = buildPdf([
    ["Quarterly budget for the household", "Groceries (food) cost 420 euros"],
    ["Second page: the heating bill"],
  ]);
  const { markdown, pages } = await extract(pdf, "pdf");
  assert.equal(pages, 2);
  assert.equal(
    markdown,
    "Quarterly budget for the household\nGroceries (food) cost 420 euros\n\nSecond page: the heating bill",
  );
});

Deno.test("extract - a PDF's large short lines become headings", async () => {
  const pdf = buildPdf([
    ["# Household manual", "Read this first.", "## Heating", "Turn the valve left."],
    ["## Water", "The main tap is in the cellar."],
  ]);
  const { markdown } = await extract(pdf, "pdf");
  assert.equal(
    markdown,
    [
      "# Household manual",
      "",
      "Read this first.",
      "",
      "## Heating",
      "",
      "Turn the valve left.",
      "",
      "## Water",
      "",
      "The main tap is in the cellar.",
    ].join("\n"),
  );
});

Deno.test("extract - a DOCX built by hand keeps its headings, paragraphs and table", async () => {
  const docx = buildDocx([
    wordParagraph("Moving house", "Heading1"),
    wordParagraph("Book the van &amp; tell the bank."),
    wordParagraph("Boxes", "Heading2"),
    wordParagraph("Forty of them."),
    wordTable([["Room", "Boxes"], ["Kitchen", "12"], ["Attic | loft", "28"]]),
  ]);
  const { markdown, pages } = await extract(docx, "docx");
  assert.equal(pages, null);
  assert.equal(
    markdown,
    [
      "# Moving house",
      "",
      "Book the van & tell the bank.",
      "",
      "## Boxes",
      "",
      "Forty of them.",
      "",
      "| Room | Boxes |",
      "| --- | --- |",
      "| Kitchen | 12  |",
      "| Attic \\| loft | 28  |",
    ].join("\n"),
  );
});

Deno.test("extract - HTML loses scripts, navigation and footer and keeps headings and tables", async () => {
  const html = `<!doctype html><html><head><title>Recipes</title>
<script>var tracking = "SECRET_SCRIPT";</script><style>body{color:red}</style></head><body>
<nav><a href="/">Home</a> <a href="/about">NAVIGATION_LINK</a></nav>
<main><h1>Apple pie</h1><p>${
    "A pie the whole family loves, with apples from the garden. ".repeat(8)
  }</p>
<h2>Ingredients</h2><table><thead><tr><th>Item</th><th>Amount</th></tr></thead>
<tbody><tr><td>Apples</td><td>6</td></tr><tr><td>Sugar</td><td>100 g</td></tr></tbody></table>
<p>See <a href="https://example.org/pie">the original</a> and <a href="javascript:alert(1)">this</a>.</p>
<img src="data:image/png;base64,AAAA" alt="A golden pie"></main>
<footer>FOOTER_TEXT Copyright</footer><script>alert("SECRET_SCRIPT")</script></body></html>`;
  const { markdown } = await extract(html, "html");
  for (const gone of ["SECRET_SCRIPT", "NAVIGATION_LINK", "FOOTER_TEXT", "color:red", "base64"]) {
    assert.ok(!markdown.includes(gone), `${gone} in ${markdown}`);
  }
  // Readability makes the page's title the one top heading and moves the article's down a level.
  assert.match(markdown, /^# Recipes\n\n## Apple pie$/m);
  assert.match(markdown, /^## Ingredients$/m);
  assert.match(markdown, /^\| Item \| Amount \|$/m);
  assert.match(markdown, /^\| Sugar \| 100 g \|$/m);
  assert.match(markdown, /\[the original\]\(https:\/\/example\.org\/pie\)/);
  assert.ok(!markdown.includes("javascript:"));
  assert.match(markdown, /\[A golden pie\]/);
});

Deno.test("extract - an HTML fragment without html, head or body keeps its text", async () => {
  const { markdown } = await extract("<h2>Note</h2><p>Call <b>Ann</b> back.</p>", "html");
  assert.equal(markdown, "## Note\n\nCall **Ann** back.");
  const titled = await extract("<head><title>Memo</title></head><p>Milk</p>", "html");
  assert.equal(titled.markdown, "# Memo\n\nMilk");
});

Deno.test("extract - CSV with quotes, newlines in quotes and semicolons becomes a table", async () => {
  const csv = 'Name;Note;Amount\r\n"Smith; Ann";"said ""hi""\nthen left";12\r\nBob;a|b;\r\n';
  const { markdown } = await extract(csv, "csv");
  assert.equal(
    markdown,
    [
      "| Name | Note | Amount |",
      "| --- | --- | --- |",
      '| Smith; Ann | said "hi"<br>then left | 12 |',
      "| Bob | a\\|b |  |",
    ].join("\n"),
  );
  const tabs = await extract("a\tb\n1\t2\n", "csv");
  assert.equal(tabs.markdown, "| a | b |\n| --- | --- |\n| 1 | 2 |");
});

Deno.test("extract - JSON becomes one pretty-printed fenced block, and bad JSON stays as it is", async () => {
  const { markdown } = await extract('{"name":"Hearth","tags":["home","lan"]}', "json");
  assert.equal(
    markdown,
    '```json\n{\n  "name": "Hearth",\n  "tags": [\n    "home",\n    "lan"\n  ]\n}\n```',
  );
  const bad = await extract('{"name": "Hearth",', "json");
  assert.equal(bad.markdown, '```json\n{"name": "Hearth",\n```');
});

Deno.test("extract - code is fenced with the language of its file name", async () => {
  const code = 'def hello():\n    print("```not a fence```")\n';
  const { markdown } = await extract(code, "code", { name: "tools/greet.py" });
  assert.equal(markdown, '````python\ndef hello():\n    print("```not a fence```")\n````');
  const docker = await extract("FROM debian\n", "code", { name: "Dockerfile" });
  assert.equal(docker.markdown, "```dockerfile\nFROM debian\n```");
  const unknown = await extract("x = 1\n", "code", { name: "notes.weird" });
  assert.equal(unknown.markdown, "```\nx = 1\n```");
});

Deno.test("extract - txt and md keep their text with one kind of newline and no NULs", async () => {
  const txt = await extract("\uFEFFLine one\r\nLine\0 two  \r\rLine three\n\n\n\n", "txt");
  assert.equal(txt.markdown, "Line one\nLine two\n\nLine three");
  const md = await extract("# Title\n\n- a\n- b\n", "md");
  assert.equal(md.markdown, "# Title\n\n- a\n- b");
});

Deno.test("extract - Windows-1252 text is read as such and a stray byte in UTF-8 becomes U+FFFD", async () => {
  // "Grüße aus Köln" as an old editor saves it.
  const latin = new Uint8Array([
    ...strToU8("Gr"),
    0xfc,
    0xdf,
    ...strToU8("e aus K"),
    0xf6,
    ...strToU8("ln \u20ac").slice(0, 3),
  ]);
  assert.equal((await extract(latin, "txt")).markdown, "Grüße aus Köln");
  const cut = new Uint8Array([...strToU8("Grüße, schöne Straße "), 0xe2, 0x82]);
  assert.equal((await extract(cut, "txt")).markdown, "Grüße, schöne Straße \uFFFD");
  const utf16 = new Uint8Array([
    0xff,
    0xfe,
    ...new Uint8Array(new Uint16Array([0x48, 0x69]).buffer),
  ]);
  assert.equal((await extract(utf16, "md")).markdown, "Hi");
});

Deno.test("extract - binary posing as text fails with extract_encoding", async () => {
  const binary = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
  const err = await failure(binary, "txt");
  assert.equal(err.code, "extract_encoding");
  assert.match(err.message, /does not look like text/);
});

Deno.test("extract - an empty file, or one without text, fails with extract_empty", async () => {
  assert.equal((await failure("", "txt")).code, "extract_empty");
  assert.equal((await failure(" \n\t\r\n", "md")).code, "extract_empty");
  assert.equal((await failure("\n\n", "code", { name: "a.ts" })).code, "extract_empty");
  assert.equal(
    (await failure("<html><body><script>x()</script></body></html>", "html")).code,
    "extract_empty",
  );
  const scan = await failure(buildPdf([[], []]), "pdf");
  assert.equal(scan.code, "extract_empty");
  assert.match(scan.message, /scan/);
});

Deno.test("extract - a missing file fails with extract_malformed", async () => {
  const err = await extractDocument("/nonexistent/hearth/document", "txt").catch((e) => e);
  assert.ok(err instanceof ExtractError);
  assert.equal(err.code, "extract_malformed");
});

Deno.test("extract - a malformed PDF or DOCX fails with extract_malformed", async () => {
  const pdf = await failure("%PDF-1.4\nthis is not a pdf at all\n%%EOF\n", "pdf");
  assert.equal(pdf.code, "extract_malformed");
  const notZip = await failure("PK\u0003\u0004 broken", "docx");
  assert.equal(notZip.code, "extract_malformed");
  // A zip without word/document.xml.
  const docx = buildDocx([wordParagraph("x")]);
  const renamed = docx.slice();
  const at = new TextDecoder("latin1").decode(renamed).lastIndexOf("word/document.xml");
  renamed.set(strToU8("word/documenX.xml"), at);
  const missing = await failure(renamed, "docx");
  assert.equal(missing.code, "extract_malformed");
  assert.match(missing.message, /word\/document\.xml/);
});

Deno.test("extract - a worker thread (the single-file build's way) reads PDF, DOCX and HTML the same", async () => {
  const pdf = buildPdf([["# Title", "Body text"], ["More"]]);
  const docx = buildDocx([wordParagraph("Title", "Heading1"), wordParagraph("Body text")]);
  const html = "<html><head><title>Title</title></head><body><p>Body text</p></body></html>";
  for (const [data, kind] of [[pdf, "pdf"], [docx, "docx"], [html, "html"]] as const) {
    const thread = await extract(data, kind, { runner: "thread" });
    const process = await extract(data, kind, { runner: "process" });
    assert.deepEqual(thread, process, kind);
    assert.match(thread.markdown, /^# Title\n\nBody text/);
  }
});

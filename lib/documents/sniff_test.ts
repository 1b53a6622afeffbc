import assert from "node:assert/strict";
import { concatBytes } from "../bytes.ts";
import { HttpError } from "../http/errors.ts";
import { SNIFF_BYTES, sniffFile, sniffHead } from "./sniff.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const cat = concatBytes;

/** A stored (uncompressed) zip of `files`, enough for the central directory to be read. */
export function zipOf(files: Record<string, string>): Uint8Array {
  const locals: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const n = enc(name);
    const data = enc(text);
    const local = new Uint8Array(30 + n.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, n.length, true);
    local.set(n, 30);
    const cd = new Uint8Array(46 + n.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, n.length, true);
    cv.setUint32(42, offset, true);
    cd.set(n, 46);
    locals.push(local, data);
    central.push(cd);
    offset += local.length + data.length;
  }
  const cdBytes = cat(...central);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, central.length, true);
  ev.setUint16(10, central.length, true);
  ev.setUint32(12, cdBytes.length, true);
  ev.setUint32(16, offset, true);
  return cat(...locals, cdBytes, eocd);
}

const code = (fn: () => unknown) => {
  try {
    return fn();
  } catch (err) {
    if (err instanceof HttpError) return `${err.status} ${err.code}`;
    throw err;
  }
};

Deno.test("sniff - the kind is the content's; the name refines text only", () => {
  const table: [string, Uint8Array, string, string][] = [
    ["pdf", enc("%PDF-1.7\n%âãÏÓ\n"), "notes.txt", "pdf"],
    ["pdf named .md", enc("%PDF-1.4"), "a.md", "pdf"],
    ["zip", zipOf({ "a.txt": "x" }), "a.docx", "zip"],
    ["plain text", enc("Hello there.\nSecond line."), "hello", "txt"],
    ["text named .exe", enc("just words"), "setup.exe", "txt"],
    ["markdown by name", enc("# Title\n\nSome text."), "README.md", "md"],
    ["code by name", enc("const a = 1;\n"), "main.ts", "code"],
    ["html by doctype", enc("<!DOCTYPE html><html><body>x</body></html>"), "page.txt", "html"],
    ["html after a comment", enc("  <!-- hi -->\n<html lang=en>"), "x", "html"],
    ["html by body", enc("<body>\n<p>x</p>"), "x.md", "html"],
    ["not html: later tag", enc("Some words then <html>"), "x", "txt"],
    ["json object", enc('  {"a": [1, 2]}\n'), "data.txt", "json"],
    ["json array", enc("[1, 2, 3]"), "x", "json"],
    ["not json: broken", enc("{a: 1}"), "x", "txt"],
    ["not json: markdown link", enc("[link](http://x)"), "x", "txt"],
    ["csv", enc("name,age\nAnn,40\nBob,42\n"), "people.txt", "csv"],
    ["csv with quotes", enc('a;b\n"x;y";2\n3;4\n'), "x", "csv"],
    ["tsv", enc("a\tb\tc\n1\t2\t3\n"), "x", "csv"],
    ["not csv: ragged", enc("a,b\nc\nd,e,f\n"), "x", "txt"],
    ["not csv: one line", enc("a,b,c\n"), "x", "txt"],
    ["md wins over csv-looking lines", enc("Hello, world\nFoo, bar\n"), "x.md", "md"],
    ["utf-8 bom", cat(new Uint8Array([0xef, 0xbb, 0xbf]), enc("Grüße")), "x", "txt"],
    ["utf-16 le bom", new Uint8Array([0xff, 0xfe, 0x41, 0x00]), "x.txt", "415 unsupported_type"],
    ["utf-16 be bom", new Uint8Array([0xfe, 0xff, 0x00, 0x41]), "x.txt", "415 unsupported_type"],
    ["nul byte", enc("abc\0def"), "x.txt", "415 unsupported_type"],
    ["png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), "x.md", "415 unsupported_type"],
    ["latin-1", new Uint8Array([0x47, 0x72, 0xfc, 0xdf, 0x65]), "x.txt", "415 unsupported_type"],
    ["cut sequence at the very end", enc("Grüß").subarray(0, 5), "x", "415 unsupported_type"],
    ["empty", new Uint8Array(0), "x", "422 empty_file"],
    ["blanks only", enc(" \n\t "), "x", "422 empty_file"],
  ];
  for (const [what, bytes, name, want] of table) {
    assert.equal(code(() => sniffHead(bytes, name, true)), want, what);
  }
});

Deno.test("sniff - a sequence cut by the end of the 64 KB window is fine; invalid before it is not", () => {
  const window = new Uint8Array(SNIFF_BYTES).fill(0x61);
  window.set(enc("ü").subarray(0, 1), SNIFF_BYTES - 1);
  assert.equal(sniffHead(window, "x", false), "txt");
  assert.equal(code(() => sniffHead(window, "x", true)), "415 unsupported_type");
  const bad = window.slice();
  bad[100] = 0xff;
  assert.equal(code(() => sniffHead(bad, "x", false)), "415 unsupported_type");
  // JSON too big for the window: judged by what follows the bracket.
  assert.equal(sniffHead(enc('{"a": 1, "b": '), "x", false), "json");
  // CSV: the window's last (cut) line does not count.
  assert.equal(sniffHead(enc("a,b\n1,2\n3,4\n5,"), "x", false), "csv");
});

Deno.test("sniff - a zip is a docx only when its central directory names word/document.xml", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cases: [string, Uint8Array, string][] = [
      ["docx", zipOf({ "[Content_Types].xml": "<x/>", "word/document.xml": "<w/>" }), "docx"],
      ["docx named .txt", zipOf({ "word/document.xml": "<w/>" }), "docx"],
      ["odt", zipOf({ "mimetype": "application/vnd.oasis", "content.xml": "<x/>" }), "415"],
      ["xlsx", zipOf({ "xl/workbook.xml": "<x/>" }), "415"],
      ["truncated zip", zipOf({ "word/document.xml": "<w/>" }).subarray(0, 40), "415"],
    ];
    for (const [what, bytes, want] of cases) {
      const path = `${dir}/${what}`;
      await Deno.writeFile(path, bytes);
      const got = await sniffFile(path, bytes.length, `${what}.txt`).then(
        (r) => r.kind,
        (err: HttpError) => String(err.status),
      );
      assert.equal(got, want, what);
    }
    const pdf = `${dir}/p`;
    await Deno.writeFile(pdf, enc("%PDF-1.5 rest"));
    assert.deepEqual(await sniffFile(pdf, 13, "p"), { kind: "pdf", mime: "application/pdf" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

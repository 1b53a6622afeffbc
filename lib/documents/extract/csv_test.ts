import assert from "node:assert/strict";
import { csvToMarkdown, guessDelimiter, parseCsv } from "./csv.ts";

Deno.test("csv - quoted fields keep delimiters, doubled quotes and newlines", () => {
  assert.deepEqual(parseCsv('a,"b,c","say ""hi""","x\r\ny"\r\n1,,3,\n', ","), [
    ["a", "b,c", 'say "hi"', "x\r\ny"],
    ["1", "", "3", ""],
  ]);
  assert.deepEqual(parseCsv('"open quote,runs\nto the end', ","), [[
    "open quote,runs\nto the end",
  ]]);
  assert.deepEqual(parseCsv('a"b,"c"d\n', ","), [['a"b', "cd"]]);
  assert.deepEqual(parseCsv("a;b\n1;2", ";", 1), [["a", "b"]]);
});

Deno.test("csv - the delimiter is guessed from the first lines, outside quotes", () => {
  assert.equal(guessDelimiter("a;b;c\n1;2;3\n"), ";");
  assert.equal(guessDelimiter("a\tb\n1\t2\n"), "\t");
  assert.equal(guessDelimiter('"x;y",b\n"1;2",3\n'), ",");
  assert.equal(guessDelimiter("just one column\nsecond\n"), ",");
});

Deno.test("csv - long sheets become tables of 200 rows with the header repeated", () => {
  const csv = "n,v\n" + Array.from({ length: 450 }, (_, i) => `${i},x`).join("\n");
  const tables = csvToMarkdown(csv, 1e6).split("\n\n");
  assert.equal(tables.length, 3);
  for (const t of tables) assert.ok(t.startsWith("| n | v |\n| --- | --- |\n"));
  assert.equal(tables[2].split("\n").length, 2 + 50);
  // Ragged rows are padded; empty header cells get a name.
  assert.equal(
    csvToMarkdown("a,\n1,2,3\n", 1e6),
    "| a | Column 2 | Column 3 |\n| --- | --- | --- |\n| 1 | 2 | 3 |",
  );
});

import assert from "node:assert/strict";
import { OllamaError } from "./errors.ts";
import {
  createRequestBody,
  escapeTripleQuoted,
  generateModelfile,
  isValidModelName,
  modelKey,
  normalizeModelName,
  sameModel,
} from "./modelfile.ts";

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The value of one Modelfile instruction as Ollama's parser (parser/parser.go) reads it: the
 * value may end at any newline where the trimmed text so far is a complete quoted string;
 * spaces never end a quoted value; non-printable characters other than tab/CR/LF are dropped.
 */
function ollamaReads(modelfile: string, command: string): string | undefined {
  const at = modelfile.indexOf(`\n${command} `);
  const start = at < 0
    ? (modelfile.startsWith(`${command} `) ? command.length + 1 : -1)
    : at + command.length + 2;
  if (start < 0) return undefined;
  const unquote = (s: string): string | undefined => {
    if (s.startsWith('"""')) return s.length >= 6 && s.endsWith('"""') ? s.slice(3, -3) : undefined;
    if (s.startsWith('"')) return s.length >= 2 && s.endsWith('"') ? s.slice(1, -1) : undefined;
    return s;
  };
  let b = "";
  for (const r of modelfile.slice(start)) {
    if (r === "\n" || r === "\r" || r === " " || r === "\t") {
      const v = unquote(b.trim());
      if (v !== undefined && r !== " " && r !== "\t") return v;
      b += r;
    } else if (!CONTROL.test(r)) {
      b += r;
    }
  }
  return unquote(b.trim());
}

Deno.test("modelfile - a plain prompt becomes FROM, a triple-quoted SYSTEM and PARAMETER lines", () => {
  const text = generateModelfile({
    name: "hearth",
    base: "llama3.2",
    system: "You are Hearth.\nBe brief.",
    numCtx: 8192,
    temperature: 0.4,
  });
  assert.equal(
    text,
    'FROM llama3.2\nSYSTEM """You are Hearth.\nBe brief."""\nPARAMETER num_ctx 8192\nPARAMETER temperature 0.4\n',
  );
  assert.equal(ollamaReads(text, "SYSTEM"), "You are Hearth.\nBe brief.");
  assert.equal(ollamaReads(text, "FROM"), "llama3.2");
  assert.equal(generateModelfile({ name: "m", base: "qwen2.5:0.5b" }), "FROM qwen2.5:0.5b\n");
});

Deno.test("modelfile - the parser model is faithful: an unescaped line ending in triple quotes cuts the value", () => {
  assert.equal(ollamaReads('FROM x\nSYSTEM """say """hi"""\nmore"""\n', "SYSTEM"), 'say """hi');
});

Deno.test("modelfile - triple quotes inside the prompt are escaped so Ollama reads the whole prompt", () => {
  const system = 'Write docstrings like """this"""\nand never end early.""""\nDone';
  const text = generateModelfile({ name: "m", base: "llama3.2", system });
  const read = ollamaReads(text, "SYSTEM");
  assert.equal(read, 'Write docstrings like ""\\"this""\\"\nand never end early.""\\"\\"\nDone');
  assert.ok(!read!.includes('"""'));
  assert.equal(read!.replaceAll('\\"', '"'), system, "only backslashes were added");
  // The parameter after the prompt is still its own instruction.
  const withParam = generateModelfile({ name: "m", base: "llama3.2", system, numCtx: 2048 });
  assert.ok(withParam.endsWith('"""\nPARAMETER num_ctx 2048\n'));
});

Deno.test("modelfile - quotes at the edges, blank lines and tabs survive; control characters go", () => {
  for (const system of ['"quoted"', '""', "\n\nindented\n\tline\n", "  spaced  ", ""]) {
    const text = generateModelfile({ name: "m", base: "llama3.2", system });
    assert.equal(ollamaReads(text, "SYSTEM"), system, JSON.stringify(system));
  }
  assert.equal(escapeTripleQuoted("bell\u0007 and esc\u001b[0m"), "bell and esc[0m");
  assert.equal(escapeTripleQuoted('a """ b'), 'a ""\\" b');
  assert.equal(escapeTripleQuoted('""""""'), '""\\"\\"\\"\\"');
});

Deno.test("modelfile - the create body uses Ollama's from/system/parameters fields verbatim", () => {
  const system = 'Quote """ stays exact in JSON';
  assert.deepEqual(
    createRequestBody({
      name: "hearth:8k",
      base: "llama3.2",
      system,
      numCtx: 8192,
      temperature: 0,
    }),
    {
      model: "hearth:8k",
      from: "llama3.2",
      system,
      parameters: { num_ctx: 8192, temperature: 0 },
      stream: true,
    },
  );
  assert.deepEqual(createRequestBody({ name: "a", base: "b" }), {
    model: "a",
    from: "b",
    stream: true,
  });
});

Deno.test("modelfile - bad names and parameters are invalid_input naming the field", () => {
  const cases: [Parameters<typeof generateModelfile>[0], string][] = [
    [{ name: "bad name", base: "llama3.2" }, "name"],
    [{ name: "ok", base: "llama3.2\nSYSTEM evil" }, "base"],
    [{ name: "ok", base: "llama3.2", numCtx: 1.5 }, "numCtx"],
    [{ name: "ok", base: "llama3.2", numCtx: 0 }, "numCtx"],
    [{ name: "ok", base: "llama3.2", temperature: 3 }, "temperature"],
    [{ name: "ok", base: "llama3.2", temperature: NaN }, "temperature"],
  ];
  for (const [opts, field] of cases) {
    assert.throws(
      () => generateModelfile(opts),
      (err: OllamaError) =>
        err.code === "invalid_input" && err.status === 422 && err.message.startsWith(field),
    );
  }
});

Deno.test("modelfile - model names are validated and normalized like Ollama's", () => {
  for (
    const ok of ["llama3.2", "qwen2.5:0.5b", "library/llama3:70b", "registry.local:5000/team/m:v1"]
  ) {
    assert.ok(isValidModelName(ok), ok);
  }
  for (const bad of ["", " llama", "a b", "x\ny", "-dash", "m:tag:tag", "a/../b c"]) {
    assert.ok(!isValidModelName(bad), bad);
  }
  assert.equal(normalizeModelName("llama3.2"), "llama3.2:latest");
  assert.equal(normalizeModelName("qwen2.5:0.5b"), "qwen2.5:0.5b");
  assert.equal(
    normalizeModelName("registry.local:5000/team/m"),
    "registry.local:5000/team/m:latest",
  );
});

Deno.test("modelfile - names match as Ollama matches them: tag, namespace and registry filled in, case ignored", () => {
  assert.equal(modelKey("Llama3.2"), "registry.ollama.ai/library/llama3.2:latest");
  for (
    const other of [
      "llama3.2:latest",
      "LLAMA3.2:Latest",
      "library/llama3.2",
      "registry.ollama.ai/library/llama3.2:latest",
    ]
  ) assert.ok(sameModel("Llama3.2", other), other);
  for (const other of ["llama3.2:1b", "llama3.1", "someone/llama3.2", "hf.co/x/llama3.2"]) {
    assert.ok(!sameModel("llama3.2", other), other);
  }
  assert.ok(sameModel("hf.co/Bartowski/Qwen:Q4_K_M", "hf.co/bartowski/qwen:q4_k_m"));
});

Deno.test("modelfile - a name's key stays right after thousands of other names (its memo is bounded and starts over)", () => {
  assert.equal(modelKey("Qwen3:8B"), "registry.ollama.ai/library/qwen3:8b");
  for (let i = 0; i < 5000; i++) {
    assert.equal(modelKey(`m${i}`), `registry.ollama.ai/library/m${i}:latest`);
  }
  assert.equal(modelKey("Qwen3:8B"), "registry.ollama.ai/library/qwen3:8b");
  assert.equal(modelKey("m7"), "registry.ollama.ai/library/m7:latest");
});

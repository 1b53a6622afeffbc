import assert from "node:assert/strict";
import { parseArgs as nodeParseArgs } from "node:util";
import { ArgsError, parseArgs } from "./args.ts";

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  https: { type: "boolean" },
  yes: { type: "boolean", short: "y" },
  help: { type: "boolean", short: "h" },
} as const;

Deno.test("cli args - reads what node:util's parseArgs reads, the same way", () => {
  const lines = [
    [],
    ["start"],
    ["start", "--port", "8080", "--host=0.0.0.0"],
    ["--https", "start", "--port=1", "--port=2"],
    ["restore", "file.zip", "-y"],
    ["-yh", "setup"],
    ["start", "--", "--port", "-y"],
    ["--host="],
    ["-", "x"],
  ];
  for (const args of lines) {
    const ours = parseArgs(args, OPTIONS);
    const node = nodeParseArgs({ args, options: OPTIONS, allowPositionals: true });
    assert.deepEqual({ ...ours.values }, { ...node.values }, args.join(" "));
    assert.deepEqual(ours.positionals, node.positionals, args.join(" "));
  }
});

Deno.test("cli args - refuses what it does not know, as node:util does", () => {
  const refused: [string[], RegExp][] = [
    [["--frobnicate"], /Unknown option '--frobnicate'/],
    [["-z"], /Unknown option '-z'/],
    [["--port"], /Option '--port <value>' argument missing/],
    [["--https=yes"], /Option '--https' does not take an argument/],
    [["--port", "--https"], /argument is ambiguous.*--port=--https/],
  ];
  for (const [args, message] of refused) {
    assert.throws(() => parseArgs(args, OPTIONS), (err) => {
      assert.ok(err instanceof ArgsError);
      assert.match(err.message, message);
      return true;
    });
    assert.throws(() => nodeParseArgs({ args, options: OPTIONS, allowPositionals: true }));
  }
});

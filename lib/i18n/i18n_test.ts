import assert from "node:assert/strict";
import { NAMESPACES } from "./messages/mod.ts";
import { z } from "zod";
import { HttpError, ValidationError } from "../http/errors.ts";
import { OllamaError } from "../ollama/errors.ts";
import { localizedMessage } from "./errors.ts";
import { fill } from "./format.ts";
import { catalogKeys, LOCALES, negotiate, translator } from "./mod.ts";

const root = new URL("../..", import.meta.url).pathname;

Deno.test("i18n - every key exists in every language, filled, with the same placeholders", () => {
  for (const ns of NAMESPACES) {
    const en = ns.en as Record<string, string>;
    for (const locale of LOCALES) {
      const other = ns[locale] as Record<string, string>;
      assert.deepEqual(Object.keys(other).sort(), Object.keys(en).sort(), `keys of ${locale}`);
      for (const [key, text] of Object.entries(other)) {
        assert.ok(text.trim(), `${locale} ${key} is empty`);
        const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        assert.deepEqual(holes(text), holes(en[key]), `placeholders of ${locale} ${key}`);
      }
    }
  }
});

Deno.test("i18n - no key is defined twice across namespaces", () => {
  const seen = new Set<string>();
  for (const ns of NAMESPACES) {
    for (const key of Object.keys(ns.en)) {
      assert.ok(!seen.has(key), `duplicate key ${key}`);
      seen.add(key);
    }
  }
});

async function sourceText(): Promise<string> {
  const parts: string[] = [];
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) {
        if (!["node_modules", "_build", "messages", ".git", "tests"].includes(e.name)) {
          await walk(path);
        }
      } else if (
        /\.tsx?$/.test(e.name) && !/_test\.tsx?$/.test(e.name) && !e.name.endsWith(".gen.ts")
      ) {
        parts.push(await Deno.readTextFile(path));
      }
    }
  };
  for (const dir of ["routes", "islands", "components", "lib"]) await walk(root + dir);
  return parts.join("\n");
}

Deno.test("i18n - every key is used somewhere in the code", async () => {
  const code = await sourceText();
  // Keys built at run time: a template literal like `section.${slug}.summary` covers every key
  // of that shape; a prefix passed to messages(locale, "conn.") covers the whole prefix.
  const patterns = [...code.matchAll(/`([a-z][\w.]*\.)\$\{[^}]+\}([\w.]*)`/g)].map((m) =>
    new RegExp(`^${m[1].replace(/\./g, "\\.")}[\\w-]+${m[2].replace(/\./g, "\\.")}$`)
  );
  const prefixes = [...code.matchAll(/messages\([^,]+,\s*"([\w.]+\.)"\)/g)].map((m) => m[1]);
  const unused = catalogKeys().en.filter((key) => {
    if (code.includes(`"${key}"`)) return false;
    if (patterns.some((p) => p.test(key))) return false;
    if (prefixes.some((p) => key.startsWith(p))) return false;
    // errors.<code> is used wherever an HttpError carries that code.
    if (key.startsWith("errors.") && code.includes(`"${key.slice(7)}"`)) return false;
    return true;
  });
  assert.deepEqual(unused, [], "messages no code uses: delete them or use them");
});

Deno.test("i18n - placeholders are filled, unknown ones stay visible", () => {
  assert.equal(fill("Hi {name}, {n} new", { name: "Ann", n: 3 }), "Hi Ann, 3 new");
  assert.equal(fill("Hi {name}", {}), "Hi {name}");
  assert.equal(translator("de")("home.title"), "Willkommen bei Hearth");
  assert.equal(translator("de")("no.such.key"), "no.such.key");
});

Deno.test("i18n - an error is said in the user's language only when it has every value its message needs", () => {
  const notAllowed = new HttpError(405, "method_not_allowed", "PUT is not allowed here.", {}, {
    method: "PUT",
  });
  assert.equal(localizedMessage(notAllowed, "de"), "PUT ist hier nicht erlaubt.");
  // Same code as a validation error, but no field or detail: its own sentence, not "{field}: …".
  const badName = new OllamaError("invalid_input", 'model: "two words" is not a valid model name');
  assert.equal(localizedMessage(badName, "de"), 'model: "two words" is not a valid model name');
  const noParams = new HttpError(404, "not_found", "Nothing here.");
  assert.equal(localizedMessage(noParams, "en"), "Nothing here.");
  // No catalogue entry: the error's own sentence.
  assert.equal(
    localizedMessage(new HttpError(418, "no_such_code", "A teapot."), "de"),
    "A teapot.",
  );
});

Deno.test("i18n - an error names its field in the reader's language", () => {
  const short = new ValidationError(
    "password",
    "password: use at least 8 characters.",
    "password_too_short",
  );
  assert.equal(localizedMessage(short, "de"), "Passwort: mindestens 8 Zeichen.");
  assert.equal(localizedMessage(short, "en"), "password: use at least 8 characters.");
  const issue = z.string().max(2).safeParse("long").error!.issues[0];
  const long = new ValidationError("name", "name: too long", "invalid_input", issue);
  assert.equal(localizedMessage(long, "de"), "Der Name ist zu lang: höchstens 2 Zeichen.");
  assert.equal(localizedMessage(long, "en"), "The name is too long: at most 2 characters.");
  // A field without a name of its own (a config key) keeps its path.
  const key = new ValidationError("server.port", "x", "invalid_input", issue);
  assert.match(localizedMessage(key, "de"), /„server\.port“/);
});

Deno.test("i18n - the language is chosen by cookie, then Accept-Language, then the box", () => {
  assert.equal(negotiate("en-US,en;q=0.9", "de", "en"), "de");
  assert.equal(negotiate("de-AT,de;q=0.9,en;q=0.8", undefined, "en"), "de");
  assert.equal(negotiate("fr-FR, en;q=0.5, de;q=0.7", null, "en"), "de");
  assert.equal(negotiate("fr, es", undefined, "de"), "de");
  assert.equal(negotiate("", "xx", "en"), "en");
  assert.equal(negotiate("de;q=0, en", undefined, "de"), "en");
  assert.equal(negotiate("*", undefined, "de"), "de");
});

import assert from "node:assert/strict";
import { z } from "zod";
import { validationError } from "../http/validate.ts";
import { pinSchema } from "../auth/passwords.ts";
import { localizedMessage } from "./errors.ts";

/** The sentence for `value` against `schema` in `locale`. */
function said(schema: z.ZodType, value: unknown, locale: "en" | "de" = "en"): string {
  const result = schema.safeParse(value);
  assert.ok(!result.success, "the value is refused");
  return localizedMessage(validationError(result.error), locale);
}

const chat = z.strictObject({
  content: z.string().trim().min(1).max(100_000),
  images: z.array(z.string()).max(4).optional(),
  port: z.number().int().max(65535).optional(),
  flavour: z.enum(["a", "b"]).optional(),
  when: z.iso.datetime().optional(),
});

Deno.test("validation errors - each kind of issue is a sentence naming the field in words", () => {
  assert.equal(
    said(chat, { content: "x".repeat(100_001) }),
    "The message is too long: at most 100,000 characters.",
  );
  assert.equal(
    said(chat, { content: "x".repeat(100_001) }, "de"),
    "Die Nachricht ist zu lang: höchstens 100.000 Zeichen.",
  );
  assert.equal(said(chat, { content: "  " }), "The message is empty.");
  assert.equal(said(chat, {}, "de"), "Die Nachricht fehlt.");
  assert.equal(said(chat, { content: 3 }), "The message has the wrong kind of value.");
  assert.equal(
    said(chat, { content: "hi", images: ["1", "2", "3", "4", "5"] }),
    "The photo list has too many entries: at most 4.",
  );
  assert.equal(
    said(chat, { content: "hi", port: 70000 }),
    "The field “port” must be at most 65535.",
  );
  assert.equal(
    said(chat, { content: "hi", flavour: "c" }, "de"),
    "Das Feld „flavour“ muss eines davon sein: a, b.",
  );
  assert.equal(
    said(chat, { content: "hi", when: "soon" }),
    "The field “when” is not in the right format.",
  );
  assert.equal(
    said(chat, { content: "hi", admin: true }),
    "The field “admin” is not something this request accepts.",
  );
});

Deno.test("validation errors - a schema's own message has its translated sentence, or a generic one", () => {
  const profile = z.object({ pin: pinSchema });
  assert.equal(said(profile, { pin: "12" }), "The PIN must be 4 to 8 digits.");
  assert.equal(said(profile, { pin: "12" }, "de"), "Die PIN muss aus 4 bis 8 Ziffern bestehen.");
  const odd = z.object({ x: z.string().refine(() => false, "is odd") });
  assert.equal(said(odd, { x: "y" }), "x: is odd", "English keeps the schema's own words");
  assert.equal(said(odd, { x: "y" }, "de"), "Das Feld „x“ ist ungültig.");
});

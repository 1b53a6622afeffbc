import assert from "node:assert/strict";
import { translator } from "../i18n/mod.ts";
import { fitCounts, fitSummary } from "./fit_view.ts";
import type { Fit } from "./types.ts";

const models = (fits: number, tight: number, tooBig: number) =>
  [
    ...Array<Fit>(fits).fill("fits"),
    ...Array<Fit>(tight).fill("tight"),
    ...Array<Fit>(tooBig).fill("too_big"),
  ].map((fit) => ({ fit }));

Deno.test("fit view - a model that fits only tightly is counted as tight, not as fitting", () => {
  assert.deepEqual(fitCounts(models(9, 3, 2)), { fits: 9, tight: 3, too_big: 2 });
  assert.equal(
    fitSummary(models(9, 3, 2), translator("en")),
    "How the 14 models fit this box: 9 well, 3 tight, 2 too big.",
  );
  // The demo box: every model fits, some only tightly; never "14 of 14 fit".
  assert.equal(
    fitSummary(models(12, 2, 0), translator("en")),
    "How the 14 models fit this box: 12 well, 2 tight.",
  );
  assert.equal(
    fitSummary(models(0, 1, 13), translator("de")),
    "So passen die 14 Modelle auf diese Box: 1 knapp, 13 zu groß.",
  );
});

Deno.test("fit view - when every model fits well, it says so", () => {
  assert.equal(fitSummary(models(14, 0, 0), translator("en")), "All 14 models fit this box well.");
  assert.equal(
    fitSummary(models(14, 0, 0), translator("de")),
    "Alle 14 Modelle passen gut auf diese Box.",
  );
});

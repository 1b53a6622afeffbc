/**
 * Words for retrieval: English and German stop words and a light stemmer, shared by the
 * full-text query of `retrieve.ts` and the Fake Ollama's hashed embeddings.
 */

/** Words that carry no meaning on their own (English and German). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an and are as at be been but by can could did do does for from had has have how i if in " +
    "into is it its me my no not of on or our so than that the their them then there these they " +
    "this to was we were what when where which who why will with would you your " +
    "aber als am an auch auf aus bei bin bis da das dass dem den der des die doch du ein eine " +
    "einem einen einer es für hat habe haben ich ihr im in ist ja kann mit muss nach nicht noch " +
    "nur ob oder sie sind so um und uns von vor war was wenn wie wir wird zu zum zur"
  ).split(" "),
);

/** Folds plurals and a final -e: a stemmer light enough to be predictable. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) w = w.slice(0, -3) + "y";
  else if (w.length > 5 && w.endsWith("en")) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/** The words of a text that carry meaning, lowercased, in order (not stemmed). */
export function meaningfulWords(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w));
}

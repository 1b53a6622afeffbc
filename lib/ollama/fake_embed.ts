/**
 * The Fake Ollama's embeddings: hashed bags of words, so that "meaning" is shared words. A text
 * is lowercased and split on non-letters; English and German stop words are dropped; a light
 * stemmer folds plurals and a final -e (`filters` → `filter`, `Küchen` → `küch`); each word adds
 * ±1 to one dimension and ±¼ for each of its character trigrams (robust to compounds and
 * inflections), the dimension and sign chosen by a hash; the sum is scaled to unit length.
 * Texts that share words have a high cosine; unrelated texts are near 0. Deterministic and
 * dependency-free, so retrieval tests and demos behave like a (very literal) real model.
 */
import { meaningfulWords, stem } from "../rag/words.ts";

export { stem } from "../rag/words.ts";

/** The meaningful words of a text, stemmed. */
export function wordsOf(text: string): string[] {
  return meaningfulWords(text).map(stem);
}

// FNV-1a, 32 bits.
function hash(s: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A unit vector of `dims` dimensions for `text` (see the module comment). */
export function hashedEmbedding(text: string, dims: number): number[] {
  const v = new Float64Array(dims);
  const put = (feature: string, weight: number) => {
    const h = hash(feature, 0);
    v[h % dims] += (hash(feature, 0x9e3779b9) & 1 ? 1 : -1) * weight;
  };
  for (const word of wordsOf(text)) {
    put(word, 1);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i++) put(`#${padded.slice(i, i + 3)}`, 0.25);
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  // A text without words still gets a unit vector (one fixed direction), as a real model would.
  if (norm === 0) {
    v[0] = 1;
    norm = 1;
  }
  return Array.from(v, (x) => x / norm);
}

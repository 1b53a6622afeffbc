/**
 * Bidi controls that open a level (embeddings LRE/RLE, overrides LRO/RLO, isolates LRI/RLI/FSI)
 * and are never closed reverse everything after them up to the end of their paragraph, which in
 * a chat bubble can be the rest of the reply. `balanceBidi` closes each one that is still open at
 * the end of its line, and drops closers that close nothing, so a control reaches no further
 * than its own line. Marks (LRM, RLM) open nothing and stay.
 */

const ANY = /[\u202a-\u202e\u2066-\u2069]/;
const PDF = "\u202c";
const PDI = "\u2069";

/** `text` with every embedding, override and isolate closed by the end of its line. */
export function balanceBidi(text: string): string {
  if (!ANY.test(text)) return text;
  // What is open, innermost last: PDF closes an embedding or override, PDI an isolate.
  const open: string[] = [];
  const close = () => open.splice(0).reverse().join("");
  let out = "";
  for (const ch of text) {
    if (ch === "\n") out += close() + ch;
    else if (ch >= "\u202a" && ch <= "\u202e" && ch !== PDF) {
      open.push(PDF);
      out += ch;
    } else if (ch >= "\u2066" && ch <= "\u2068") {
      open.push(PDI);
      out += ch;
    } else if (ch === PDF) {
      // Closes the innermost embedding, never across an isolate.
      if (open.at(-1) === PDF) out += open.pop();
    } else if (ch === PDI) {
      // Closes the innermost isolate and whatever was opened inside it.
      const at = open.lastIndexOf(PDI);
      if (at >= 0) out += open.splice(at).reverse().join("");
    } else out += ch;
  }
  return out + close();
}

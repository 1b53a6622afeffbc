/**
 * The items a typed or pasted text names: one per line, trimmed, blank lines and a leading
 * bullet or checkbox ("- ", "* ", "• ", "[ ] ") dropped, so a list copied from a note or a
 * message adds one item per line. Shared by the list island and its form without JavaScript.
 */
export function itemLines(text: string): string[] {
  return text.split(/\r\n?|\n/)
    .map((line) => line.trim().replace(/^(?:[-*•]\s+)?(?:\[[ xX]?\]\s*)?/, "").trim())
    .filter((line) => line.length > 0);
}

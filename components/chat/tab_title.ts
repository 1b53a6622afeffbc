/** The chat tab's title: the open conversation's, with a dot while a reply streams. */
import { useEffect, useRef } from "preact/hooks";
import { titled } from "../title.ts";

/**
 * Keeps `document.title` on `name` (null: no conversation yet, the page's own title stays),
 * marked "● " while `streaming`, so a reply being written shows in a background tab.
 */
export function useTabTitle(name: string | null, streaming: boolean): void {
  const base = useRef("");
  useEffect(() => {
    base.current ||= document.title;
    document.title = name === null
      ? `${streaming ? "● " : ""}${base.current}`
      : titled(name, streaming);
  }, [name, streaming]);
}

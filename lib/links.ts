/**
 * Where each kind of thing opens in the app: the one place search hits, action cards from chat,
 * notifications and the Today page take their links from. Browser-safe (no imports); every link
 * works without JavaScript.
 */

const enc = encodeURIComponent;

export const links = {
  /**
   * A message in its conversation: `message` opens its branch (conversations are trees), and the
   * thread loads older pages until it is there.
   */
  message: (id: string, conversationId: string) =>
    `/chat/${enc(conversationId)}?message=${enc(id)}#m-${enc(id)}`,
  todo: (id: string) => `/todos#t-${enc(id)}`,
  /** The calendar opens the event on its (next) day, with its details. */
  event: (id: string) => `/calendar?event=${enc(id)}`,
  /** A day on the calendar (`2026-03-10`). */
  day: (date: string) => `/calendar?date=${enc(date)}`,
  /** A memo beyond the first page of /memos is shown there too (`m`), so the anchor lands. */
  memo: (id: string) => `/memos?m=${enc(id)}#m-${enc(id)}`,
  list: (id: string) => `/lists/${enc(id)}`,
  listItem: (id: string, listId: string) => `/lists/${enc(listId)}#i-${enc(id)}`,
  /** A notification in the list, which shows it in full (a briefing's whole text). */
  notification: (id: string) => `/notifications#n-${enc(id)}`,
  /** A document's page: its text, with download, rename, move and delete. */
  document: (id: string) => `/documents/${enc(id)}`,
  /** A document's original, for a plain link (the page route: `/api` needs the session header). */
  documentDownload: (id: string) => `/documents/${enc(id)}/download`,
  /** A passage (chunk id) of a document, highlighted: where a citation `[n]` and a search hit open. */
  passage: (documentId: string, chunkId: number | string) =>
    `/documents/${enc(documentId)}?chunk=${enc(String(chunkId))}#c-${enc(String(chunkId))}`,
  /** A folder of the library. */
  folder: (id: string) => `/documents?folder=${enc(id)}`,
  /** A gem's page: its form, and the run. */
  gem: (id: string) => `/gems/${enc(id)}`,
};

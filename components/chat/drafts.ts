/**
 * The message being typed, kept per profile and conversation in localStorage until the box has
 * it, so neither a lost connection nor a reload loses it. Without storage it lives in the page.
 */
export function draftStore(profileId: string) {
  const key = (id?: string) => `hearth.draft.${profileId}.${id ?? "new"}`;
  return {
    read: (id?: string) => {
      try {
        return localStorage.getItem(key(id)) ?? "";
      } catch {
        return "";
      }
    },
    write: (id: string | undefined, text: string) => {
      try {
        if (text.trim()) localStorage.setItem(key(id), text);
        else localStorage.removeItem(key(id));
      } catch {
        // Storage full or refused: the draft stays in the text box.
      }
    },
  };
}

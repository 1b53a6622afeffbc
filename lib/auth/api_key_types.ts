/** API keys as the API sends them and the keys island shows them; browser-safe. */

/** What a key may do: `chat` (`/v1` and the chat) or `read` (also read the profile's data). */
export type KeyScope = "chat" | "read";

/** A key as lists show it: never the key itself. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  scope: KeyScope;
  /** `hth_` and the key's next 8 characters. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What creating a key answers: the key, this once. */
export interface ApiKeyCreated {
  key: string;
  apiKey: ApiKeyInfo;
}

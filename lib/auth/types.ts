/** The auth domain's shapes as the API sends them; browser-safe (no server imports). */

/** A household member as routes and islands see it. */
export interface Profile {
  id: string;
  name: string;
  /** An emoji or short text shown as the avatar. */
  avatar: string;
  isAdmin: boolean;
  hasPin: boolean;
  /** IANA time zone its dates are read and shown in ("Europe/Berlin"). */
  timeZone: string;
}

/** What adding or changing a profile answers. */
export interface ProfileSaved {
  profile: Profile;
  /** Devices signed out because the PIN changed (changes only). */
  signedOut?: number;
}

/** A device (a browser that uses a profile) as the admin's list shows it. */
export interface DeviceInfo {
  id: string;
  label: string;
  profile: { id: string; name: string; avatar: string };
  createdAt: string;
  lastSeenAt: string;
}

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

/** The auth domain's shapes as the API sends them; browser-safe (no server imports). */

/** A household member as routes and islands see it. */
export interface Profile {
  id: string;
  name: string;
  /** An emoji or short text shown as the avatar. */
  avatar: string;
  isAdmin: boolean;
  hasPin: boolean;
}

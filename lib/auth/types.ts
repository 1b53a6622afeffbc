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

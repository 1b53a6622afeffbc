/** The page chrome: the header's profile menu. */
export default {
  en: {
    "shell.profile.menu": "{name}: profile menu",
    "shell.profile.switch": "Switch profile",
  },
  de: {
    "shell.profile.menu": "{name}: Profilmenü",
    "shell.profile.switch": "Profil wechseln",
  },
} as const;

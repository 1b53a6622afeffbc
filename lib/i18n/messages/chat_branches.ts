/** The chat's version switcher: a message with versions (an edit or a regenerate) shows "‹ 2 / 3 ›". */
export default {
  en: {
    "chat.versions.of": "Version {index} of {count}",
    "chat.versions.previous": "Previous version",
    "chat.versions.next": "Next version",
  },
  de: {
    "chat.versions.of": "Version {index} von {count}",
    "chat.versions.previous": "Vorherige Version",
    "chat.versions.next": "Nächste Version",
  },
} as const;

/** Dates and time zones: the profile's zone, its field and error sentences. */
export default {
  en: {
    "validation.field.timeZone": "The time zone",
    "validation.custom.timeZone": "{field} is not a known time zone (such as Europe/Berlin).",
    "auth.profiles.timeZone": "Time zone",
    "auth.profiles.thisDevice": "Use this device's ({zone})",
  },
  de: {
    "validation.field.timeZone": "Die Zeitzone",
    "validation.custom.timeZone": "{field} ist keine bekannte Zeitzone (etwa Europe/Berlin).",
    "auth.profiles.timeZone": "Zeitzone",
    "auth.profiles.thisDevice": "Die dieses Geräts ({zone})",
  },
};

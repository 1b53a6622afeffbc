/** Dates and time zones: the profile's zone, its field and error sentences. */
export default {
  en: {
    "validation.field.timeZone": "The time zone",
    "validation.custom.timeZone": "{field} is not a known time zone (such as Europe/Berlin).",
    "auth.profiles.timeZone": "Time zone",
    "auth.profiles.thisDevice": "Use this device's ({zone})",
    "dates.zone.title": "Time zone",
    "dates.zone.intro":
      "Hearth reads your dates in this zone: “tomorrow 9am” is 9 in the morning where you are.",
    "dates.zone.label": "Your time zone",
    "dates.zone.now": "There it is {time} now.",
    "dates.zone.save": "Save",
    "dates.zone.saved": "Saved.",
  },
  de: {
    "validation.field.timeZone": "Die Zeitzone",
    "validation.custom.timeZone": "{field} ist keine bekannte Zeitzone (etwa Europe/Berlin).",
    "auth.profiles.timeZone": "Zeitzone",
    "auth.profiles.thisDevice": "Die dieses Geräts ({zone})",
    "dates.zone.title": "Zeitzone",
    "dates.zone.intro":
      "Hearth liest deine Termine in dieser Zone: „morgen um 9“ ist 9 Uhr morgens, wo du bist.",
    "dates.zone.label": "Deine Zeitzone",
    "dates.zone.now": "Dort ist es jetzt {time}.",
    "dates.zone.save": "Speichern",
    "dates.zone.saved": "Gespeichert.",
  },
};

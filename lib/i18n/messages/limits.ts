/**
 * Limited profiles (SPEC §3): the admin's limits editor (`limits.admin.*`) and the refusals'
 * own sentences (`errors.limit_*`, with the error's params), which the chat shows as a calm note.
 */
export default {
  en: {
    "errors.limit_model": "This profile may not use {model}. Pick another model, or ask the admin.",
    "errors.limit_quiet_hours": "It is quiet time until {until}. Hearth can answer again then.",
    "errors.limit_daily": "That was today's last reply ({limit} a day). More tomorrow!",
    "errors.limit_tool": "This profile may not use the tool {name}. Ask the admin if you need it.",
    "errors.limit_gem": "This profile may not use the gem {name}. Ask the admin if you need it.",
    "errors.limit_document":
      "This profile may not use the document {name}. Ask the admin if you need it.",
    "errors.limit_admin": "The admin's own profile cannot be limited.",
    "limits.admin.title": "Limits",
    "limits.admin.limited": "Limit this profile (for a child or a guest)",
    "limits.admin.intro":
      "A limited profile may use only what is ticked here. Hearth refuses everything else kindly, in the app and through the API.",
    "limits.admin.models": "Models",
    "limits.admin.tools": "Tools",
    "limits.admin.gems": "Gems",
    "limits.admin.documents": "Documents",
    "limits.admin.all": "All of them",
    "limits.admin.nothing": "None here yet.",
    "limits.admin.shared": "shared",
    "limits.admin.quiet": "Quiet hours (the profile's local time)",
    "limits.admin.quietFrom": "From",
    "limits.admin.quietUntil": "Until",
    "limits.admin.daily": "Replies per day",
    "limits.admin.dailyHint": "No limit",
    "limits.admin.usage": "Today: {replies} replies so far.",
    "limits.admin.usageLeft": "Today: {replies} replies so far, {left} left.",
    "limits.admin.save": "Save limits",
    "limits.admin.saved": "Limits saved.",
  },
  de: {
    "errors.limit_model":
      "Dieses Profil darf {model} nicht verwenden. Wähle ein anderes Modell oder frag den Admin.",
    "errors.limit_quiet_hours": "Bis {until} ist Ruhezeit. Danach antwortet Hearth wieder.",
    "errors.limit_daily":
      "Das war die letzte Antwort für heute ({limit} pro Tag). Morgen geht’s weiter!",
    "errors.limit_tool":
      "Dieses Profil darf das Werkzeug {name} nicht verwenden. Frag den Admin, wenn du es brauchst.",
    "errors.limit_gem":
      "Dieses Profil darf das Gem {name} nicht verwenden. Frag den Admin, wenn du es brauchst.",
    "errors.limit_document":
      "Dieses Profil darf das Dokument {name} nicht verwenden. Frag den Admin, wenn du es brauchst.",
    "errors.limit_admin": "Das eigene Profil des Admins kann nicht eingeschränkt werden.",
    "limits.admin.title": "Einschränkungen",
    "limits.admin.limited": "Dieses Profil einschränken (für ein Kind oder einen Gast)",
    "limits.admin.intro":
      "Ein eingeschränktes Profil darf nur verwenden, was hier angehakt ist. Alles andere lehnt Hearth freundlich ab, in der App und über die API.",
    "limits.admin.models": "Modelle",
    "limits.admin.tools": "Werkzeuge",
    "limits.admin.gems": "Gems",
    "limits.admin.documents": "Dokumente",
    "limits.admin.all": "Alle",
    "limits.admin.nothing": "Hier gibt es noch nichts.",
    "limits.admin.shared": "geteilt",
    "limits.admin.quiet": "Ruhezeit (Ortszeit des Profils)",
    "limits.admin.quietFrom": "Von",
    "limits.admin.quietUntil": "Bis",
    "limits.admin.daily": "Antworten pro Tag",
    "limits.admin.dailyHint": "Keine Grenze",
    "limits.admin.usage": "Heute bisher: {replies} Antworten.",
    "limits.admin.usageLeft": "Heute bisher: {replies} Antworten, {left} übrig.",
    "limits.admin.save": "Einschränkungen speichern",
    "limits.admin.saved": "Einschränkungen gespeichert.",
  },
} as const;

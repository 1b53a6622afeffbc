/** Importing conversations from ChatGPT, Open WebUI and Hearth exports: errors, page, island. */
export default {
  en: {
    "errors.import_not_json": "The file is not JSON: {detail}",
    "errors.import_unknown_format":
      "The file is JSON but not a chat export Hearth knows. Known formats: {known}.",
    "errors.import_malformed": "The file is malformed at {where}: {detail}",
    "errors.import_too_many_conversations":
      "The file holds more than {max} conversations; split it or export less.",
    "errors.import_too_many_messages":
      "{where} holds {count} messages; at most {max} can be imported per conversation.",
    "errors.import_only_invalid":
      "“only” must list the indexes of conversations to import, like 0,2,5.",
    "errors.import_file_required": "Send the export file in the field “file”.",
    "errors.import_too_large": "conversations.json in the zip is larger than {max}.",
    "imports.title": "Import conversations",
    "imports.intro":
      "Bring your chats from ChatGPT (Settings → Data controls → Export data: the zip as it arrives, or the conversations.json in it), Open WebUI (Settings → Chats → Export chats) or another Hearth (a conversation's JSON export). Answers that were regenerated stay as versions; the version you looked at last is the one shown.",
    "imports.noscript": "Importing needs JavaScript.",
    "imports.ui.file": "Export file (.json or ChatGPT's .zip)",
    "imports.ui.tooLarge": "The file is larger than {max}.",
    "imports.ui.reading": "Reading the file…",
    "imports.ui.found": "{total} conversations found ({format}).",
    "imports.ui.more": "…and {count} more, imported too.",
    "imports.ui.counts": "{messages} messages · {branches} versions",
    "imports.ui.count": "{messages} messages",
    "imports.ui.commit": "Import {count} conversations",
    "imports.ui.none": "Choose at least one conversation.",
    "imports.ui.importing": "Importing…",
    "imports.ui.done": "{count} conversations imported.",
    "imports.ui.open": "Open the chats",
    "imports.ui.network": "The file could not be sent. Check the connection and try again.",
    "imports.ui.format.chatgpt": "ChatGPT",
    "imports.ui.format.openwebui": "Open WebUI",
    "imports.ui.format.hearth": "Hearth",
  },
  de: {
    "errors.import_not_json": "Die Datei ist kein JSON: {detail}",
    "errors.import_unknown_format":
      "Die Datei ist JSON, aber kein Chat-Export, den Hearth kennt. Bekannte Formate: {known}.",
    "errors.import_malformed": "Die Datei ist fehlerhaft bei {where}: {detail}",
    "errors.import_too_many_conversations":
      "Die Datei enthält mehr als {max} Unterhaltungen; teile sie auf oder exportiere weniger.",
    "errors.import_too_many_messages":
      "{where} enthält {count} Nachrichten; höchstens {max} pro Unterhaltung lassen sich importieren.",
    "errors.import_only_invalid":
      "„only“ muss die Nummern der zu importierenden Unterhaltungen nennen, etwa 0,2,5.",
    "errors.import_file_required": "Sende die Exportdatei im Feld „file“.",
    "errors.import_too_large": "conversations.json im Zip ist größer als {max}.",
    "imports.title": "Unterhaltungen importieren",
    "imports.intro":
      "Hol deine Chats aus ChatGPT (Einstellungen → Datenkontrollen → Daten exportieren: das Zip, wie es ankommt, oder die conversations.json darin), Open WebUI (Einstellungen → Chats → Chats exportieren) oder einem anderen Hearth (der JSON-Export einer Unterhaltung). Neu erzeugte Antworten bleiben als Versionen erhalten; angezeigt wird die Version, die du zuletzt angesehen hast.",
    "imports.noscript": "Der Import braucht JavaScript.",
    "imports.ui.file": "Exportdatei (.json oder ChatGPTs .zip)",
    "imports.ui.tooLarge": "Die Datei ist größer als {max}.",
    "imports.ui.reading": "Datei wird gelesen…",
    "imports.ui.found": "{total} Unterhaltungen gefunden ({format}).",
    "imports.ui.more": "…und {count} weitere, die ebenfalls importiert werden.",
    "imports.ui.counts": "{messages} Nachrichten · {branches} Versionen",
    "imports.ui.count": "{messages} Nachrichten",
    "imports.ui.commit": "{count} Unterhaltungen importieren",
    "imports.ui.none": "Wähle mindestens eine Unterhaltung.",
    "imports.ui.importing": "Wird importiert…",
    "imports.ui.done": "{count} Unterhaltungen importiert.",
    "imports.ui.open": "Zu den Chats",
    "imports.ui.network":
      "Die Datei konnte nicht gesendet werden. Prüfe die Verbindung und versuch es noch einmal.",
    "imports.ui.format.chatgpt": "ChatGPT",
    "imports.ui.format.openwebui": "Open WebUI",
    "imports.ui.format.hearth": "Hearth",
  },
};

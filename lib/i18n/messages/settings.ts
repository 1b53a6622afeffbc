/** The settings page (`/admin/settings`) and the errors of the config API. */
export default {
  en: {
    "settings.title": "Settings",
    "settings.intro":
      "How this box runs. Changes apply at once, except the address Hearth listens on.",
    "settings.group.general": "General",
    "settings.group.ollama": "Ollama",
    "settings.group.openai": "OpenAI-compatible server",
    "settings.group.network": "Network",
    "settings.locale": "Language",
    "settings.locale.hint": "For devices whose browser asks for neither English nor German.",
    "settings.locale.en": "English",
    "settings.locale.de": "Deutsch",
    "settings.chatModel": "Default chat model",
    "settings.chatModel.hint":
      "New chats start with it (a name as on the Models page). Each chat keeps the model last chosen in it.",
    "settings.embeddingModel": "Embedding model",
    "settings.embeddingModel.hint":
      "Reads documents for searching by meaning (e.g. nomic-embed-text). Empty: the first installed embedding model. Changing it re-reads the library's passages.",
    "settings.hosts": "Ollama hosts",
    "settings.hosts.hint": "One URL per line, tried in this order.",
    "settings.parallel": "Requests per model at once",
    "settings.parallel.hint":
      "As many as Ollama's OLLAMA_NUM_PARALLEL (1 unless you changed it). Hearth queues the rest: replies first.",
    "settings.firstToken": "Wait for the first word (seconds)",
    "settings.firstToken.hint":
      "How long a reply may wait for the model to load and read the conversation before it fails.",
    "settings.baseUrl": "Server URL",
    "settings.baseUrl.hint": "For example http://192.168.1.20:8080/v1. Leave empty to not use one.",
    "settings.apiKey": "API key",
    "settings.apiKey.set": "set",
    "settings.apiKey.unset": "not set",
    "settings.apiKey.keep": "Leave empty to keep the stored key",
    "settings.apiKey.none": "No key stored",
    "settings.apiKey.remove": "Remove the stored key",
    "settings.allowedHosts": "Allowed host names",
    "settings.allowedHosts.hint":
      "Extra names this box answers to, one per line (for example hearth.home).",
    "settings.host": "Listen address",
    "settings.port": "Port",
    "settings.restart": "Takes effect after Hearth restarts.",
    "settings.env": "Set by the environment variable {variable}; change it there.",
    "settings.flag":
      "Hearth was started with {flag}, which wins over this setting while it runs; what you save here applies when it starts without that flag.",
    "settings.save": "Save",
    "settings.saving": "Saving…",
    "settings.saved": "Saved. The changes are in effect.",
    "settings.savedRestart": "Saved. Restart Hearth for the new address and port to take effect.",
    "settings.error.fields": "Please correct the marked field.",
    "settings.error.network": "The box did not answer. Nothing was saved.",
    "errors.invalid_config": "The settings must be a JSON object.",
    "errors.read_only": "{field} is set by an environment variable and cannot be changed here.",
    "errors.unknown_setting": "{field}: there is no such setting.",
    "errors.config_not_saved":
      "The settings could not be saved to {path} ({reason}). Nothing was changed.",
  },
  de: {
    "settings.title": "Einstellungen",
    "settings.intro":
      "Wie diese Box läuft. Änderungen gelten sofort, außer der Adresse, auf der Hearth lauscht.",
    "settings.group.general": "Allgemein",
    "settings.group.ollama": "Ollama",
    "settings.group.openai": "OpenAI-kompatibler Server",
    "settings.group.network": "Netzwerk",
    "settings.locale": "Sprache",
    "settings.locale.hint": "Für Geräte, deren Browser weder Englisch noch Deutsch verlangt.",
    "settings.locale.en": "English",
    "settings.locale.de": "Deutsch",
    "settings.chatModel": "Standard-Chatmodell",
    "settings.chatModel.hint":
      "Neue Chats beginnen damit (ein Name wie auf der Seite Modelle). Jeder Chat behält das zuletzt darin gewählte Modell.",
    "settings.embeddingModel": "Embedding-Modell",
    "settings.embeddingModel.hint":
      "Liest Dokumente für die Suche nach Bedeutung (z. B. nomic-embed-text). Leer: das erste installierte Embedding-Modell. Ein Wechsel liest die Abschnitte der Bibliothek neu ein.",
    "settings.hosts": "Ollama-Hosts",
    "settings.hosts.hint": "Eine URL pro Zeile, in dieser Reihenfolge versucht.",
    "settings.parallel": "Anfragen pro Modell gleichzeitig",
    "settings.parallel.hint":
      "So viele wie Ollamas OLLAMA_NUM_PARALLEL (1, wenn du es nicht geändert hast). Hearth reiht den Rest ein: Antworten zuerst.",
    "settings.firstToken": "Warten auf das erste Wort (Sekunden)",
    "settings.firstToken.hint":
      "Wie lange eine Antwort warten darf, bis das Modell geladen ist und das Gespräch gelesen hat, bevor sie fehlschlägt.",
    "settings.baseUrl": "Server-URL",
    "settings.baseUrl.hint":
      "Zum Beispiel http://192.168.1.20:8080/v1. Leer lassen, um keinen zu nutzen.",
    "settings.apiKey": "API-Schlüssel",
    "settings.apiKey.set": "gesetzt",
    "settings.apiKey.unset": "nicht gesetzt",
    "settings.apiKey.keep": "Leer lassen, um den gespeicherten Schlüssel zu behalten",
    "settings.apiKey.none": "Kein Schlüssel gespeichert",
    "settings.apiKey.remove": "Gespeicherten Schlüssel entfernen",
    "settings.allowedHosts": "Erlaubte Hostnamen",
    "settings.allowedHosts.hint":
      "Weitere Namen, auf die diese Box antwortet, einer pro Zeile (zum Beispiel hearth.home).",
    "settings.host": "Lauschadresse",
    "settings.port": "Port",
    "settings.restart": "Gilt nach einem Neustart von Hearth.",
    "settings.env": "Durch die Umgebungsvariable {variable} gesetzt; dort ändern.",
    "settings.flag":
      "Hearth wurde mit {flag} gestartet; das gilt, solange es läuft, statt dieser Einstellung. Was du hier speicherst, gilt bei einem Start ohne diese Angabe.",
    "settings.save": "Speichern",
    "settings.saving": "Wird gespeichert …",
    "settings.saved": "Gespeichert. Die Änderungen gelten.",
    "settings.savedRestart":
      "Gespeichert. Starte Hearth neu, damit die neue Adresse und der Port gelten.",
    "settings.error.fields": "Bitte korrigiere das markierte Feld.",
    "settings.error.network": "Die Box hat nicht geantwortet. Nichts wurde gespeichert.",
    "errors.invalid_config": "Die Einstellungen müssen ein JSON-Objekt sein.",
    "errors.read_only":
      "{field} ist durch eine Umgebungsvariable gesetzt und kann hier nicht geändert werden.",
    "errors.unknown_setting": "{field}: Diese Einstellung gibt es nicht.",
    "errors.config_not_saved":
      "Die Einstellungen konnten nicht in {path} gespeichert werden ({reason}). Nichts wurde geändert.",
  },
} as const;

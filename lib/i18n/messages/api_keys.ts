/** API keys and the OpenAI-compatible `/v1`: errors, the `/me/api-keys` page and its island. */
export default {
  en: {
    "errors.invalid_api_key":
      "This API key is not valid: it is unknown or was revoked. Make a new one in your profile's settings.",
    "errors.api_key_in_wrong_place":
      "Send the API key as the header “Authorization: Bearer hth_…”, never in another header, the address or a cookie.",
    "errors.api_key_required":
      "Send an API key as the header “Authorization: Bearer hth_…”. Make one in your profile's settings.",
    "errors.key_scope": "This API key may not do that. Use the app, or a key with another scope.",
    "errors.api_key_not_found": "There is no such API key.",
    "errors.too_many_api_keys": "A profile can have at most {max} API keys; revoke one first.",
    "errors.unsupported_content": "Only text parts are supported here.",
    "errors.prompt_too_large": "The messages are too long.",
    "apikeys.title": "API keys",
    "apikeys.intro":
      "Scripts, editors and other apps can use Hearth's models as you, with an OpenAI-compatible API at {url}. Give each app its own key and revoke any you no longer use.",
    "apikeys.name": "Name",
    "apikeys.placeholder": "Laptop, editor…",
    "apikeys.scope": "What it may do",
    "apikeys.scope.chat": "Chat only",
    "apikeys.scope.read": "Chat and read my data",
    "apikeys.create": "Make a key",
    "apikeys.made": "The key “{name}” is ready.",
    "apikeys.key": "Key",
    "apikeys.copy": "Copy",
    "apikeys.copied": "Copied",
    "apikeys.once":
      "Copy it now: Hearth shows it only this once. Anyone with the key can chat as you.",
    "apikeys.empty": "No keys yet.",
    "apikeys.created": "Made {date}",
    "apikeys.used": "last used {date}",
    "apikeys.unused": "never used",
    "apikeys.revokedAt": "revoked {date}",
    "apikeys.revoke": "Revoke",
    "apikeys.confirm": "Revoke the key “{name}”? Apps using it stop working at once.",
    "apikeys.network": "Hearth cannot be reached. Try again.",
  },
  de: {
    "errors.invalid_api_key":
      "Dieser API-Schlüssel ist ungültig: unbekannt oder widerrufen. Erstelle einen neuen in den Einstellungen deines Profils.",
    "errors.api_key_in_wrong_place":
      "Sende den API-Schlüssel im Header „Authorization: Bearer hth_…“, nie in einem anderen Header, in der Adresse oder in einem Cookie.",
    "errors.api_key_required":
      "Sende einen API-Schlüssel im Header „Authorization: Bearer hth_…“. Du erstellst ihn in den Einstellungen deines Profils.",
    "errors.key_scope":
      "Dieser API-Schlüssel darf das nicht. Nutze die App oder einen Schlüssel mit anderem Umfang.",
    "errors.api_key_not_found": "Diesen API-Schlüssel gibt es nicht.",
    "errors.too_many_api_keys":
      "Ein Profil kann höchstens {max} API-Schlüssel haben; widerrufe zuerst einen.",
    "errors.unsupported_content": "Hier werden nur Textteile unterstützt.",
    "errors.prompt_too_large": "Die Nachrichten sind zu lang.",
    "apikeys.title": "API-Schlüssel",
    "apikeys.intro":
      "Skripte, Editoren und andere Apps können Hearths Modelle in deinem Namen nutzen, über eine OpenAI-kompatible API unter {url}. Gib jeder App ihren eigenen Schlüssel und widerrufe die, die du nicht mehr brauchst.",
    "apikeys.name": "Name",
    "apikeys.placeholder": "Laptop, Editor…",
    "apikeys.scope": "Was er darf",
    "apikeys.scope.chat": "Nur chatten",
    "apikeys.scope.read": "Chatten und meine Daten lesen",
    "apikeys.create": "Schlüssel erstellen",
    "apikeys.made": "Der Schlüssel „{name}“ ist bereit.",
    "apikeys.key": "Schlüssel",
    "apikeys.copy": "Kopieren",
    "apikeys.copied": "Kopiert",
    "apikeys.once":
      "Kopiere ihn jetzt: Hearth zeigt ihn nur dieses eine Mal. Wer den Schlüssel hat, kann in deinem Namen chatten.",
    "apikeys.empty": "Noch keine Schlüssel.",
    "apikeys.created": "Erstellt {date}",
    "apikeys.used": "zuletzt benutzt {date}",
    "apikeys.unused": "nie benutzt",
    "apikeys.revokedAt": "widerrufen {date}",
    "apikeys.revoke": "Widerrufen",
    "apikeys.confirm":
      "Den Schlüssel „{name}“ widerrufen? Apps, die ihn nutzen, hören sofort auf zu funktionieren.",
    "apikeys.network": "Hearth ist nicht erreichbar. Versuche es noch einmal.",
  },
};

/**
 * What error messages call a field (`{field}`), by the name the API and the CLI validate it
 * under; a field without an entry keeps that name (config keys such as `server.port`). English
 * keeps the names the API documents; other languages say them in their words.
 */
export default {
  en: {
    "field.name": "name",
    "field.password": "password",
    "field.pin": "pin",
    "field.avatar": "avatar",
    "field.locale": "locale",
    "field.model": "model",
    "field.content": "content",
    "field.title": "title",
    "field.input": "input",
  },
  de: {
    "field.name": "Name",
    "field.password": "Passwort",
    "field.pin": "PIN",
    "field.avatar": "Avatar",
    "field.locale": "Sprache",
    "field.model": "Modell",
    "field.content": "Nachricht",
    "field.title": "Titel",
    "field.input": "Eingabe",
  },
} as const;

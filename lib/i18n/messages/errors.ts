/**
 * API error messages shown to users, keyed `errors.<code>` by the HttpError code. The error
 * handler uses them in the request's language; `{param}` placeholders come from the error.
 */
export default {
  en: {
    "errors.not_found": "Nothing at {path}.",
    "errors.method_not_allowed": "{method} is not allowed here.",
    "errors.session_required": "Send the X-Hearth-Session header from GET /api/session.",
    "errors.session_expired": "Your session has expired. Reload the page to get a new one.",
    "errors.too_many_sessions":
      "Too many new sessions from this address. Try again in {seconds} seconds.",
    "errors.host_not_allowed":
      'Hearth does not answer to the host "{host}". Add it to server.allowedHosts if it is this box.',
    "errors.cross_origin": "Cross-site requests cannot change anything here.",
    "errors.body_too_large": "The request body is larger than {limit}.",
    "errors.internal_error": "Something went wrong on the server. It has been logged.",
    "errors.invalid_json": "The request body is not valid JSON.",
    "errors.unsupported_media_type": "Send the body as {type}.",
    "errors.json_too_deep": "The JSON body is nested more than {depth} levels deep.",
    "errors.invalid_form": "The form in the request body cannot be read.",
    "errors.unknown_locale": 'Hearth speaks {locales}, not "{locale}".',
    "errors.admin_required": "Log in as the admin to do this.",
    "errors.database_busy":
      "The database is busy: another program (a backup, the hearth command) holds it. Try again in a moment.",
  },
  de: {
    "errors.not_found": "Unter {path} gibt es nichts.",
    "errors.method_not_allowed": "{method} ist hier nicht erlaubt.",
    "errors.session_required": "Sende den Header X-Hearth-Session von GET /api/session.",
    "errors.session_expired": "Deine Sitzung ist abgelaufen. Lade die Seite neu.",
    "errors.too_many_sessions":
      "Zu viele neue Sitzungen von dieser Adresse. Versuche es in {seconds} Sekunden wieder.",
    "errors.host_not_allowed":
      'Hearth antwortet nicht auf den Host "{host}". Trage ihn in server.allowedHosts ein, wenn es diese Box ist.',
    "errors.cross_origin": "Anfragen von fremden Seiten dürfen hier nichts ändern.",
    "errors.body_too_large": "Der Inhalt der Anfrage ist größer als {limit}.",
    "errors.internal_error": "Auf dem Server ist etwas schiefgegangen. Es wurde protokolliert.",
    "errors.invalid_json": "Der Inhalt der Anfrage ist kein gültiges JSON.",
    "errors.unsupported_media_type": "Sende den Inhalt als {type}.",
    "errors.json_too_deep":
      "Das JSON im Inhalt der Anfrage ist mehr als {depth} Ebenen tief verschachtelt.",
    "errors.invalid_form": "Das Formular im Inhalt der Anfrage lässt sich nicht lesen.",
    "errors.unknown_locale": "Hearth spricht {locales}, nicht „{locale}“.",
    "errors.admin_required": "Melde dich als Admin an, um das zu tun.",
    "errors.database_busy":
      "Die Datenbank ist belegt: ein anderes Programm (eine Sicherung, der Befehl hearth) hält sie. Versuche es gleich noch einmal.",
  },
} as const;

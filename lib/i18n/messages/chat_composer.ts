/** The composer's length warning, and Stop pressed while the box cannot be reached. */
export default {
  en: {
    "chat.length": "{n} of {max} characters",
    "chat.tooLong": "{n} over the limit of {max} characters: shorten the message to send it.",
    "chat.stopQueued": "Offline: the reply stops as soon as the connection is back.",
    "chat.stopFailed": "Could not stop the reply: {message}",
  },
  de: {
    "chat.length": "{n} von {max} Zeichen",
    "chat.tooLong": "{n} über der Grenze von {max} Zeichen: kürze die Nachricht, um sie zu senden.",
    "chat.stopQueued": "Offline: Die Antwort stoppt, sobald die Verbindung wieder da ist.",
    "chat.stopFailed": "Die Antwort konnte nicht gestoppt werden: {message}",
  },
};

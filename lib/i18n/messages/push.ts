/** Web Push: the notifications page (`/me/notifications`), the notifications and their errors. */
export default {
  en: {
    "push.title": "Notifications",
    "push.intro":
      "Hearth can tell this device when something is ready, even when the page is closed.",
    "push.internet":
      "Notifications travel through the push service of your browser's maker (Google, Apple or Mozilla), so this box must be able to reach it over the internet. They carry only a chat's title, an event's or todo's title and time, or your daily briefing's first line.",
    "push.device": "This device",
    "push.enable": "Turn on notifications on this device",
    "push.disable": "Turn them off on this device",
    "push.on": "Notifications are on for this device.",
    "push.off": "Notifications are off for this device.",
    "push.denied":
      "This browser blocks notifications from Hearth. Allow them in the browser's site settings, then try again.",
    "push.insecure":
      "Notifications need a secure connection (https, or this box itself). Open Hearth over https to turn them on.",
    "push.trust": "How this box serves https",
    "push.unsupported":
      "This browser cannot receive notifications from web pages. On an iPhone, add Hearth to the home screen first.",
    "push.failed": "Notifications could not be turned on: {detail}",
    "push.kinds": "Notify me when",
    "push.kind.reply": "a reply is ready while the chat is not open",
    "push.test": "Send a test notification",
    "push.tested": "Sent to {sent} of your devices.",
    "push.testNone": "None of your devices has notifications on.",
    "push.devices": "Devices with notifications on",
    "push.devicesNone": "None yet.",
    "push.unknownDevice": "A device that was signed out",
    "push.remove": "Remove",
    "push.network": "Hearth could not be reached. Check the connection and try again.",
    "push.reply.body": "Your answer is ready.",
    "push.reply.untitled": "Hearth",
    "push.test.title": "Hearth",
    "push.test.body": "Notifications work on this device.",
    "errors.invalid_push_endpoint": "The push service address must be an https URL.",
    "errors.invalid_push_key": "The browser's push key is not a valid key.",
    "errors.subscription_not_found": "This device is not subscribed.",
  },
  de: {
    "push.title": "Benachrichtigungen",
    "push.intro":
      "Hearth kann diesem Gerät Bescheid geben, wenn etwas fertig ist, auch wenn die Seite geschlossen ist.",
    "push.internet":
      "Benachrichtigungen laufen über den Push-Dienst des Browser-Herstellers (Google, Apple oder Mozilla); diese Box muss ihn also über das Internet erreichen können. Sie enthalten nur den Titel eines Chats, Titel und Zeit eines Termins oder einer Aufgabe oder die erste Zeile deines täglichen Briefings.",
    "push.device": "Dieses Gerät",
    "push.enable": "Benachrichtigungen auf diesem Gerät einschalten",
    "push.disable": "Auf diesem Gerät ausschalten",
    "push.on": "Benachrichtigungen sind auf diesem Gerät an.",
    "push.off": "Benachrichtigungen sind auf diesem Gerät aus.",
    "push.denied":
      "Dieser Browser blockiert Benachrichtigungen von Hearth. Erlaube sie in den Website-Einstellungen des Browsers und versuche es erneut.",
    "push.insecure":
      "Benachrichtigungen brauchen eine sichere Verbindung (https oder diese Box selbst). Öffne Hearth über https, um sie einzuschalten.",
    "push.trust": "Wie diese Box https anbietet",
    "push.unsupported":
      "Dieser Browser kann keine Benachrichtigungen von Webseiten empfangen. Auf einem iPhone füge Hearth zuerst zum Home-Bildschirm hinzu.",
    "push.failed": "Benachrichtigungen konnten nicht eingeschaltet werden: {detail}",
    "push.kinds": "Benachrichtige mich, wenn",
    "push.kind.reply": "eine Antwort fertig ist, während der Chat nicht offen ist",
    "push.test": "Test-Benachrichtigung senden",
    "push.tested": "An {sent} deiner Geräte gesendet.",
    "push.testNone": "Keines deiner Geräte hat Benachrichtigungen an.",
    "push.devices": "Geräte mit Benachrichtigungen",
    "push.devicesNone": "Noch keine.",
    "push.unknownDevice": "Ein abgemeldetes Gerät",
    "push.remove": "Entfernen",
    "push.network": "Hearth ist nicht erreichbar. Prüfe die Verbindung und versuche es erneut.",
    "push.reply.body": "Deine Antwort ist fertig.",
    "push.reply.untitled": "Hearth",
    "push.test.title": "Hearth",
    "push.test.body": "Benachrichtigungen funktionieren auf diesem Gerät.",
    "errors.invalid_push_endpoint": "Die Adresse des Push-Dienstes muss eine https-URL sein.",
    "errors.invalid_push_key": "Der Push-Schlüssel des Browsers ist kein gültiger Schlüssel.",
    "errors.subscription_not_found": "Dieses Gerät ist nicht angemeldet.",
  },
};

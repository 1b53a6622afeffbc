/** Calendar subscriptions and ICS import: errors, the page and its island. */
export default {
  en: {
    "errors.calendar_feed_not_found": "No such calendar subscription.",
    "errors.too_many_calendar_feeds":
      "A profile can have at most {max} calendar subscriptions; revoke one first.",
    "errors.not_icalendar": "The file is not an iCalendar file (.ics): it has no BEGIN:VCALENDAR.",
    "errors.invalid_icalendar": "The file is not valid iCalendar: {detail}",
    "errors.too_many_events":
      "The file holds {count} events; at most {max} can be imported at once.",
    "errors.invalid_multipart": "The form data cannot be read.",
    "errors.file_required": "Send the calendar file in the field “file”.",
    "errors.duplicate_uid": "Another event of the file has the same UID.",
    "errors.cancelled_event": "The event is cancelled.",
    "errors.unknown_time_zone_id":
      "The time zone “{zone}” is not one Hearth knows, and the file does not describe it.",
    "errors.impossible_date": "{property} is not a real date or time.",
    "errors.no_start": "The event has no start (DTSTART).",
    "errors.multiple_rrules": "The event has more than one RRULE.",
    "errors.mixed_date_kinds": "DTSTART and DTEND must both be dates or both be date-times.",
    "errors.invalid_duration": "The event's DURATION cannot be read.",
    "validation.field.label": "The name",
    "ics.import.untitled": "Untitled event",
  },
  de: {
    "errors.calendar_feed_not_found": "Dieses Kalender-Abo gibt es nicht.",
    "errors.too_many_calendar_feeds":
      "Ein Profil kann höchstens {max} Kalender-Abos haben; bitte zuerst eines widerrufen.",
    "errors.not_icalendar":
      "Die Datei ist keine iCalendar-Datei (.ics): ihr fehlt BEGIN:VCALENDAR.",
    "errors.invalid_icalendar": "Die Datei ist kein gültiges iCalendar: {detail}",
    "errors.too_many_events":
      "Die Datei enthält {count} Termine; höchstens {max} lassen sich auf einmal importieren.",
    "errors.invalid_multipart": "Die Formulardaten lassen sich nicht lesen.",
    "errors.file_required": "Die Kalenderdatei im Feld „file“ senden.",
    "errors.duplicate_uid": "Ein anderer Termin der Datei hat dieselbe UID.",
    "errors.cancelled_event": "Der Termin ist abgesagt.",
    "errors.unknown_time_zone_id":
      "Die Zeitzone „{zone}“ kennt Hearth nicht, und die Datei beschreibt sie nicht.",
    "errors.impossible_date": "{property} ist kein echtes Datum bzw. keine echte Zeit.",
    "errors.no_start": "Der Termin hat keinen Beginn (DTSTART).",
    "errors.multiple_rrules": "Der Termin hat mehr als eine RRULE.",
    "errors.mixed_date_kinds":
      "DTSTART und DTEND müssen beide ein Datum oder beide Datum und Uhrzeit sein.",
    "errors.invalid_duration": "Die DURATION des Termins lässt sich nicht lesen.",
    "validation.field.label": "Der Name",
    "ics.import.untitled": "Termin ohne Titel",
  },
};

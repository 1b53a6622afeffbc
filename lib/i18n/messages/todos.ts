/**
 * Todos: their fields named in validation errors (`validation.field.*`), the todo schemas' own
 * messages (`validation.custom.*`, mapped in `lib/i18n/errors.ts`) and the store's errors.
 */
export default {
  en: {
    "validation.field.status": "The status",
    "validation.field.priority": "The priority",
    "validation.field.due": "The due date",
    "validation.field.tags": "The tag list",
    "validation.field.tag": "The tag",
    "validation.field.parentId": "The parent todo",
    "validation.field.parent": "The parent todo",
    "validation.field.recurrence": "The repetition",
    "validation.field.dueBefore": "The latest due date",
    "validation.field.dueAfter": "The earliest due date",
    "validation.field.overdue": "The overdue filter",
    "validation.field.sort": "The sort order",
    "validation.field.dir": "The sort direction",
    "validation.field.limit": "The page size",
    "validation.field.offset": "The page offset",
    "validation.custom.realDate": "{field} is not a real date or time.",
    "validation.custom.instant": "{field} needs a date and time with a time zone offset.",
    "validation.custom.tag": "{field}: each tag is one word of 1 to 40 characters, without spaces.",
    "validation.custom.nothingToChange": "Send at least one field to change.",
    "validation.custom.rrule": "{field} is not a repetition rule (RFC 5545 RRULE) Hearth accepts.",
    "validation.custom.rruleFreq": "{field} must repeat daily, weekly, monthly or yearly.",
    "validation.custom.rruleInterval": "{field} must repeat at an interval of 1 to 1000.",
    "errors.todo_not_found": "There is no todo with the id {id}.",
    "errors.parent_not_found": "There is no todo with the id {id} to hold this sub-task.",
    "errors.parent_is_subtask": "A sub-task's parent must be another top-level todo.",
    "errors.todo_has_subtasks": "A todo with sub-tasks cannot become a sub-task.",
    "errors.recurrence_needs_due": "A repeating todo needs a due date.",
    "errors.invalid_due": "The due date must lie between 1970 and 9999.",
    "errors.too_many_open_todos":
      "You have {max} open todos, the most Hearth keeps. Complete or delete some first.",
  },
  de: {
    "validation.field.status": "Der Status",
    "validation.field.priority": "Die Priorität",
    "validation.field.due": "Das Fälligkeitsdatum",
    "validation.field.tags": "Die Schlagwortliste",
    "validation.field.tag": "Das Schlagwort",
    "validation.field.parentId": "Die übergeordnete Aufgabe",
    "validation.field.parent": "Die übergeordnete Aufgabe",
    "validation.field.recurrence": "Die Wiederholung",
    "validation.field.dueBefore": "Das späteste Fälligkeitsdatum",
    "validation.field.dueAfter": "Das früheste Fälligkeitsdatum",
    "validation.field.overdue": "Der Überfällig-Filter",
    "validation.field.sort": "Die Sortierung",
    "validation.field.dir": "Die Sortierrichtung",
    "validation.field.limit": "Die Seitengröße",
    "validation.field.offset": "Der Seitenversatz",
    "validation.custom.realDate": "{field} ist kein echtes Datum und keine echte Uhrzeit.",
    "validation.custom.instant": "{field} braucht Datum und Uhrzeit mit Zeitzonen-Versatz.",
    "validation.custom.tag":
      "{field}: Jedes Schlagwort ist ein Wort aus 1 bis 40 Zeichen, ohne Leerzeichen.",
    "validation.custom.nothingToChange": "Sende mindestens ein Feld, das sich ändern soll.",
    "validation.custom.rrule":
      "{field} ist keine Wiederholungsregel (RFC 5545 RRULE), die Hearth annimmt.",
    "validation.custom.rruleFreq":
      "{field} muss sich täglich, wöchentlich, monatlich oder jährlich wiederholen.",
    "validation.custom.rruleInterval":
      "{field} muss sich in einem Abstand von 1 bis 1000 wiederholen.",
    "errors.todo_not_found": "Es gibt keine Aufgabe mit der ID {id}.",
    "errors.parent_not_found":
      "Es gibt keine Aufgabe mit der ID {id}, die diese Unteraufgabe aufnehmen könnte.",
    "errors.parent_is_subtask":
      "Die übergeordnete Aufgabe einer Unteraufgabe muss eine andere Aufgabe der obersten Ebene sein.",
    "errors.todo_has_subtasks": "Eine Aufgabe mit Unteraufgaben kann keine Unteraufgabe werden.",
    "errors.recurrence_needs_due": "Eine wiederkehrende Aufgabe braucht ein Fälligkeitsdatum.",
    "errors.invalid_due": "Das Fälligkeitsdatum muss zwischen 1970 und 9999 liegen.",
    "errors.too_many_open_todos":
      "Du hast {max} offene Aufgaben, mehr behält Hearth nicht. Erledige oder lösche zuerst einige.",
  },
};

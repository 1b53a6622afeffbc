/** Workspace snapshots, restore and zips: their errors. */
export default {
  en: {
    "errors.snapshot_not_found": "This workspace has no such snapshot.",
    "errors.snapshot_damaged":
      "This snapshot's files are missing from the store, so it cannot be restored.",
    "errors.workspace_too_many_files": "The workspace holds more than {max} files and folders.",
    "errors.zip_unsafe":
      'The zip was refused and nothing was unpacked: "{name}" is unsafe ({reason}).',
    "errors.zip_too_large":
      'The zip was refused and nothing was unpacked: "{name}" is larger than {limit}.',
    "errors.zip_invalid": "This file is not a zip archive Hearth can read.",
    "errors.zip_too_many_entries":
      "The zip was refused and nothing was unpacked: it has more than {max} files.",
  },
  de: {
    "errors.snapshot_not_found": "Diesen Schnappschuss gibt es in diesem Arbeitsbereich nicht.",
    "errors.snapshot_damaged":
      "Die Dateien dieses Schnappschusses fehlen im Speicher, er kann nicht wiederhergestellt werden.",
    "errors.workspace_too_many_files":
      "Der Arbeitsbereich enthält mehr als {max} Dateien und Ordner.",
    "errors.zip_unsafe":
      "Die ZIP-Datei wurde abgelehnt, nichts wurde entpackt: „{name}“ ist unsicher ({reason}).",
    "errors.zip_too_large":
      "Die ZIP-Datei wurde abgelehnt, nichts wurde entpackt: „{name}“ ist größer als {limit}.",
    "errors.zip_invalid": "Diese Datei ist kein ZIP-Archiv, das Hearth lesen kann.",
    "errors.zip_too_many_entries":
      "Die ZIP-Datei wurde abgelehnt, nichts wurde entpackt: Sie enthält mehr als {max} Dateien.",
  },
};

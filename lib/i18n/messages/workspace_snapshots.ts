/** Workspace snapshots, restore and zips: their errors. */
export default {
  en: {
    "errors.snapshot_not_found": "This workspace has no such snapshot.",
    "errors.snapshot_damaged":
      "This snapshot's files are missing from the store, so it cannot be restored.",
    "errors.workspace_too_many_files": "The workspace holds more than {max} files and folders.",
  },
  de: {
    "errors.snapshot_not_found": "Diesen Schnappschuss gibt es in diesem Arbeitsbereich nicht.",
    "errors.snapshot_damaged":
      "Die Dateien dieses Schnappschusses fehlen im Speicher, er kann nicht wiederhergestellt werden.",
    "errors.workspace_too_many_files":
      "Der Arbeitsbereich enthält mehr als {max} Dateien und Ordner.",
  },
};

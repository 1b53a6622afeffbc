/** Backups and restore: the admin's Backups page and the errors of `lib/backup/`. */
export default {
  en: {
    "auth.admin.backups": "Backups",
    "auth.admin.backups.summary":
      "Back up everything in one file; restore it; back up on a schedule.",
    "backup.title": "Backups",
    "backup.text":
      "One zip file holds everything: conversations, documents, workspaces, gems and settings (never passwords, keys or certificates). Keep a copy somewhere other than this box.",
    "backup.now": "Back up now",
    "backup.working": "Backing up…",
    "backup.empty": "No backups yet.",
    "backup.download": "Download",
    "backup.delete": "Delete",
    "backup.confirmDelete": "Delete the backup of {date}?",
    "backup.restore": "Restore",
    "backup.restoreTitle": "Restore a backup",
    "backup.restoreText":
      "Replace makes this box's data the backup's (a backup of the current data is made first, so it can be undone). Add keeps what is here and adds the backup's conversations, documents and profiles next to it.",
    "backup.file": "Backup file (.zip)",
    "backup.mode.replace": "Replace all data",
    "backup.mode.add": "Add to the data here",
    "backup.restoring": "Restoring…",
    "backup.confirmReplace":
      "Replace all of this box's data with the backup? The current data is backed up first.",
    "backup.restored": "Restored {files} files from a backup of Hearth {version}.",
    "backup.schedule": "Schedule",
    "backup.frequency.off": "Off",
    "backup.frequency.daily": "Daily",
    "backup.frequency.weekly": "Weekly",
    "backup.time": "At",
    "backup.weekday": "On",
    "backup.keep": "Keep the newest",
    "backup.save": "Save schedule",
    "backup.saved": "Saved.",
    "backup.weekdays": "Sunday,Monday,Tuesday,Wednesday,Thursday,Friday,Saturday",
    "backup.network": "Hearth could not be reached. Try again.",
    "errors.backup_damaged": "This backup cannot be restored and nothing was changed: {why}.",
    "errors.backup_too_new":
      "This backup was made by Hearth {found}, newer than this Hearth ({running}). Upgrade Hearth first, then restore it. Nothing was changed.",
    "errors.backup_busy": "A backup or restore is running; try again after it.",
    "errors.backup_not_found": "There is no such backup.",
    "errors.backup_too_many_files": "A backup holds at most 1,000,000 files.",
  },
  de: {
    "auth.admin.backups": "Sicherungen",
    "auth.admin.backups.summary":
      "Alles in einer Datei sichern, wiederherstellen, regelmäßig automatisch sichern.",
    "backup.title": "Sicherungen",
    "backup.text":
      "Eine ZIP-Datei enthält alles: Unterhaltungen, Dokumente, Arbeitsbereiche, Gems und Einstellungen (nie Passwörter, Schlüssel oder Zertifikate). Bewahre eine Kopie außerhalb dieses Geräts auf.",
    "backup.now": "Jetzt sichern",
    "backup.working": "Sichere…",
    "backup.empty": "Noch keine Sicherungen.",
    "backup.download": "Herunterladen",
    "backup.delete": "Löschen",
    "backup.confirmDelete": "Die Sicherung vom {date} löschen?",
    "backup.restore": "Wiederherstellen",
    "backup.restoreTitle": "Sicherung wiederherstellen",
    "backup.restoreText":
      "Ersetzen macht die Daten dieses Geräts zu denen der Sicherung (vorher wird der jetzige Stand gesichert, es lässt sich also rückgängig machen). Hinzufügen behält, was hier ist, und fügt Unterhaltungen, Dokumente und Profile der Sicherung dazu.",
    "backup.file": "Sicherungsdatei (.zip)",
    "backup.mode.replace": "Alle Daten ersetzen",
    "backup.mode.add": "Zu den Daten hier hinzufügen",
    "backup.restoring": "Stelle wieder her…",
    "backup.confirmReplace":
      "Alle Daten dieses Geräts durch die Sicherung ersetzen? Der jetzige Stand wird vorher gesichert.",
    "backup.restored":
      "{files} Dateien aus einer Sicherung von Hearth {version} wiederhergestellt.",
    "backup.schedule": "Zeitplan",
    "backup.frequency.off": "Aus",
    "backup.frequency.daily": "Täglich",
    "backup.frequency.weekly": "Wöchentlich",
    "backup.time": "Um",
    "backup.weekday": "Am",
    "backup.keep": "Die neuesten behalten",
    "backup.save": "Zeitplan speichern",
    "backup.saved": "Gespeichert.",
    "backup.weekdays": "Sonntag,Montag,Dienstag,Mittwoch,Donnerstag,Freitag,Samstag",
    "backup.network": "Hearth war nicht erreichbar. Versuch es noch einmal.",
    "errors.backup_damaged":
      "Diese Sicherung lässt sich nicht wiederherstellen, es wurde nichts geändert: {why}.",
    "errors.backup_too_new":
      "Diese Sicherung stammt von Hearth {found}, neuer als dieses Hearth ({running}). Aktualisiere zuerst Hearth und stelle sie dann wieder her. Es wurde nichts geändert.",
    "errors.backup_busy":
      "Eine Sicherung oder Wiederherstellung läuft; versuch es danach noch einmal.",
    "errors.backup_not_found": "Diese Sicherung gibt es nicht.",
    "errors.backup_too_many_files": "Eine Sicherung enthält höchstens 1.000.000 Dateien.",
  },
};

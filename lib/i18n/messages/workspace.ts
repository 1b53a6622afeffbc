/** The agent's workspace (lib/workspace/, lib/tools/files.ts, the workspace routes): its errors. */
export default {
  en: {
    "agent_files.listed": "Listed {path} ({count})",
    "agent_files.read": "Read {path}",
    "agent_files.wrote": "Wrote {path}",
    "agent_files.edited": "Edited {path} ({count}×)",
    "agent_files.deleted": "Deleted {path}",
    "agent_files.moved": "Moved {from} to {to}",
    "agent_files.searched": "Searched for “{query}” ({count} found)",
    "agent_files.made_folder": "Made the folder {path}",
    "errors.bad_path": "That is not a usable workspace path: {why}.",
    "errors.path_outside": "That path leads outside the workspace.",
    "errors.path_is_link":
      "{path} is a symbolic link; files are changed only through their real path.",
    "errors.file_not_found": "There is no {path} in the workspace.",
    "errors.file_exists": "{path} already exists in the workspace.",
    "errors.not_a_folder": "{path} is not a folder.",
    "errors.not_a_file": "{path} is not a file.",
    "errors.folder_not_empty": "The folder {path} is not empty.",
    "errors.not_text": "{path} is not a text file.",
    "errors.no_match": "The text to replace is not in {path}.",
    "errors.ambiguous_match":
      "The text to replace is in {path} {count} times; give more of it, or replace all.",
    "errors.too_many_entries": "A workspace holds at most {max} files and folders.",
    "errors.move_into_itself": "{path} cannot move into itself.",
    "errors.file_too_large": "One workspace file holds at most {max}.",
    "errors.bad_regex": "That is not a valid regular expression: {detail}.",
    "errors.search_too_slow":
      "The search took too long; use a simpler pattern or a plain text search.",
    "errors.preview_not_found":
      "This preview link is not valid any more: open the preview again from the workspace.",
    "errors.workspace_dir_outside": "The workspace folder is not inside Hearth's data folder.",
    "errors.quota_exceeded":
      "Your workspaces are full: delete files or ask the admin for more room.",
  },
  de: {
    "agent_files.listed": "{path} aufgelistet ({count})",
    "agent_files.read": "{path} gelesen",
    "agent_files.wrote": "{path} geschrieben",
    "agent_files.edited": "{path} geändert ({count}×)",
    "agent_files.deleted": "{path} gelöscht",
    "agent_files.moved": "{from} nach {to} verschoben",
    "agent_files.searched": "Nach „{query}“ gesucht ({count} gefunden)",
    "agent_files.made_folder": "Ordner {path} angelegt",
    "errors.bad_path": "Das ist kein brauchbarer Pfad im Arbeitsbereich: {why}.",
    "errors.path_outside": "Dieser Pfad führt aus dem Arbeitsbereich hinaus.",
    "errors.path_is_link":
      "{path} ist ein symbolischer Link; Dateien werden nur über ihren echten Pfad geändert.",
    "errors.file_not_found": "Im Arbeitsbereich gibt es kein {path}.",
    "errors.file_exists": "{path} gibt es im Arbeitsbereich schon.",
    "errors.not_a_folder": "{path} ist kein Ordner.",
    "errors.not_a_file": "{path} ist keine Datei.",
    "errors.folder_not_empty": "Der Ordner {path} ist nicht leer.",
    "errors.not_text": "{path} ist keine Textdatei.",
    "errors.no_match": "Der zu ersetzende Text steht nicht in {path}.",
    "errors.ambiguous_match":
      "Der zu ersetzende Text steht {count}-mal in {path}; gib mehr davon an oder ersetze alle.",
    "errors.too_many_entries": "Ein Arbeitsbereich fasst höchstens {max} Dateien und Ordner.",
    "errors.move_into_itself": "{path} kann nicht in sich selbst verschoben werden.",
    "errors.file_too_large": "Eine Datei im Arbeitsbereich fasst höchstens {max}.",
    "errors.bad_regex": "Das ist kein gültiger regulärer Ausdruck: {detail}.",
    "errors.search_too_slow":
      "Die Suche hat zu lange gedauert; nimm ein einfacheres Muster oder eine reine Textsuche.",
    "errors.preview_not_found":
      "Dieser Vorschau-Link gilt nicht mehr: öffne die Vorschau im Arbeitsbereich erneut.",
    "errors.workspace_dir_outside":
      "Der Ordner des Arbeitsbereichs liegt nicht im Datenordner von Hearth.",
    "errors.quota_exceeded":
      "Deine Arbeitsbereiche sind voll: lösche Dateien oder bitte den Admin um mehr Platz.",
  },
};

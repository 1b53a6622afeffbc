/** The document library's API: its errors and how validation names its fields. */
export default {
  en: {
    "errors.document_not_found": "There is no such document.",
    "errors.folder_not_found": "There is no such folder.",
    "errors.not_owner": "Only the one who added it can change or delete it.",
    "errors.folder_shared":
      "Everything in a shared folder is shared; move it out of the folder first.",
    "errors.folder_cycle": "A folder cannot move into itself or into a folder inside it.",
    "errors.folder_too_deep": "Folders nest at most {max} deep.",
    "errors.too_many_folders": "You have {max} folders already; delete one first.",
    "errors.too_many_documents": "A conversation uses at most {max} documents at once.",
    "errors.unsupported_type":
      "Hearth cannot read this file. It reads PDF, Word (.docx), HTML, Markdown, CSV, JSON, code and plain text (UTF-8).",
    "errors.empty_file": "The file is empty.",
    "errors.upload_not_raw": "Send the file itself as the request body, not a form.",
    "errors.documents_dir_outside": "The documents folder is not inside Hearth's data folder.",
    "errors.document_file_missing": "The document's file is missing from the box.",
    "search.kind.document": "Document",
    "search.kind.doc_chunk": "Passage",
    "validation.field.folderId": "The folder",
    "validation.field.folder": "The folder",
  },
  de: {
    "errors.document_not_found": "Dieses Dokument gibt es nicht.",
    "errors.folder_not_found": "Diesen Ordner gibt es nicht.",
    "errors.not_owner": "Nur wer es hinzugefügt hat, kann es ändern oder löschen.",
    "errors.folder_shared":
      "Alles in einem geteilten Ordner ist geteilt; verschiebe es zuerst aus dem Ordner.",
    "errors.folder_cycle":
      "Ein Ordner kann nicht in sich selbst oder in einen Ordner darin verschoben werden.",
    "errors.folder_too_deep": "Ordner lassen sich höchstens {max} Ebenen tief verschachteln.",
    "errors.too_many_folders": "Du hast schon {max} Ordner; lösche zuerst einen.",
    "errors.too_many_documents": "Ein Gespräch nutzt höchstens {max} Dokumente zugleich.",
    "errors.unsupported_type":
      "Diese Datei kann Hearth nicht lesen. Es liest PDF, Word (.docx), HTML, Markdown, CSV, JSON, Code und reinen Text (UTF-8).",
    "errors.empty_file": "Die Datei ist leer.",
    "errors.upload_not_raw": "Sende die Datei selbst als Request-Body, nicht als Formular.",
    "errors.documents_dir_outside": "Der Dokumente-Ordner liegt nicht im Datenordner von Hearth.",
    "errors.document_file_missing": "Die Datei des Dokuments fehlt auf der Box.",
    "search.kind.document": "Dokument",
    "search.kind.doc_chunk": "Textstelle",
    "validation.field.folderId": "Der Ordner",
    "validation.field.folder": "Der Ordner",
  },
};

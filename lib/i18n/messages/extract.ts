/** Why a document's text could not be extracted (`ExtractError` codes, lib/documents/extract/). */
export default {
  en: {
    "extract.extract_timeout": "Reading the document took too long and was stopped.",
    "extract.extract_too_large":
      "The document is too large to read (too many pages, too much text, or it unpacks too large).",
    "extract.extract_malformed":
      "The file is damaged or not what it claims to be, so it could not be read.",
    "extract.extract_empty":
      "The document has no text to read (a scan? Text in images is not read).",
    "extract.extract_encoding": "The file does not look like text, so it could not be read.",
    "extract.extract_cancelled": "Reading the document was cancelled.",
  },
  de: {
    "extract.extract_timeout":
      "Das Lesen des Dokuments hat zu lange gedauert und wurde abgebrochen.",
    "extract.extract_too_large":
      "Das Dokument ist zu groß zum Lesen (zu viele Seiten, zu viel Text oder es entpackt sich zu groß).",
    "extract.extract_malformed":
      "Die Datei ist beschädigt oder nicht das, was sie vorgibt zu sein, und konnte nicht gelesen werden.",
    "extract.extract_empty":
      "Das Dokument enthält keinen lesbaren Text (ein Scan? Text in Bildern wird nicht gelesen).",
    "extract.extract_encoding":
      "Die Datei sieht nicht nach Text aus und konnte nicht gelesen werden.",
    "extract.extract_cancelled": "Das Lesen des Dokuments wurde abgebrochen.",
  },
};

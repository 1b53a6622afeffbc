/** Documents in chat: the assistant's document search (lib/assistant/tools_documents.ts). */
export default {
  en: {
    "rag.tool.found": "These passages of your documents match ({n}).",
    "rag.tool.none": "No passage of your documents matches “{query}”.",
    "rag.tool.unavailable": "Searching documents is not available on this Hearth yet.",
    "rag.tool.card": "Documents: {query}",
    "rag.tool.count": "{n} passages",
  },
  de: {
    "rag.tool.found": "Diese Stellen deiner Dokumente passen ({n}).",
    "rag.tool.none": "Keine Stelle deiner Dokumente passt zu „{query}“.",
    "rag.tool.unavailable": "Die Suche in Dokumenten ist auf diesem Hearth noch nicht verfügbar.",
    "rag.tool.card": "Dokumente: {query}",
    "rag.tool.count": "{n} Stellen",
  },
};

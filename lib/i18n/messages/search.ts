/** The search page: what kind each hit is, and the kind filter. */
export default {
  en: {
    "search.kind.all": "Everything",
    "search.kind.label": "Kind",
    "search.kind.message": "Chat",
    "search.kind.todo": "Todo",
    "search.kind.event": "Event",
    "search.kind.memo": "Memo",
    "search.kind.list_item": "List item",
  },
  de: {
    "search.kind.all": "Alles",
    "search.kind.label": "Art",
    "search.kind.message": "Chat",
    "search.kind.todo": "Aufgabe",
    "search.kind.event": "Termin",
    "search.kind.memo": "Notiz",
    "search.kind.list_item": "Listeneintrag",
  },
};

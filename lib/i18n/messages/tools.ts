/** The agent's settings and the agent's tools (lib/agent/settings.ts, lib/tools/). */
export default {
  en: {
    "errors.agent_admin_only": "Only the admin can change {field}.",
    "errors.needs_more": "I need more to do that: {question}",
    "errors.slides_count": "A deck has 1 to {max} slides; this one has {n}.",
    "tools.render.page": "Made the page {path} ({size})",
    "tools.render.slides": "Made {n} slides in {path} ({size})",
    "tools.render.next": "Next slide",
  },
  de: {
    "errors.agent_admin_only": "Nur der Admin kann {field} ändern.",
    "errors.needs_more": "Dafür brauche ich mehr: {question}",
    "errors.slides_count": "Ein Foliensatz hat 1 bis {max} Folien; dieser hat {n}.",
    "tools.render.page": "Seite {path} erstellt ({size})",
    "tools.render.slides": "{n} Folien in {path} erstellt ({size})",
    "tools.render.next": "Nächste Folie",
  },
};

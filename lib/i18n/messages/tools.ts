/** The agent's settings and the agent's tools (lib/agent/settings.ts, lib/tools/). */
export default {
  en: {
    "errors.agent_admin_only": "Only the admin can change {field}.",
    "errors.needs_more": "I need more to do that: {question}",
  },
  de: {
    "errors.agent_admin_only": "Nur der Admin kann {field} ändern.",
    "errors.needs_more": "Dafür brauche ich mehr: {question}",
  },
};

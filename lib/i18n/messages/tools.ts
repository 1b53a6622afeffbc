/** The agent's settings and the agent's tools (lib/agent/settings.ts, lib/tools/). */
export default {
  en: {
    "errors.agent_admin_only": "Only the admin can change {field}.",
  },
  de: {
    "errors.agent_admin_only": "Nur der Admin kann {field} ändern.",
  },
};

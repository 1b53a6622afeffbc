/** The agent's turn and approvals (lib/agent/): its errors and the steps' one-line summaries. */
export default {
  en: {
    "errors.approval_not_found": "There is no such approval.",
    "errors.approval_decided": "This approval was already decided.",
    "errors.tool_failed": "The tool failed.",
    "errors.invalid_arguments": "The tool’s arguments do not fit: {detail}",
    "errors.denied": "You did not allow this step.",
    "errors.approval_expired": "Nobody approved this step in time.",
    "errors.step_limit": "This turn used all its tool calls.",
    "agent.step.denied": "Not allowed",
    "agent.step.expired": "Not answered in time",
    "agent.step.failed": "Failed: {message}",
  },
  de: {
    "errors.approval_not_found": "Diese Freigabe gibt es nicht.",
    "errors.approval_decided": "Über diese Freigabe wurde schon entschieden.",
    "errors.tool_failed": "Das Werkzeug ist fehlgeschlagen.",
    "errors.invalid_arguments": "Die Angaben für das Werkzeug passen nicht: {detail}",
    "errors.denied": "Du hast diesen Schritt nicht erlaubt.",
    "errors.approval_expired": "Niemand hat diesen Schritt rechtzeitig freigegeben.",
    "errors.step_limit": "Diese Antwort hat alle ihre Werkzeugaufrufe verbraucht.",
    "agent.step.denied": "Nicht erlaubt",
    "agent.step.expired": "Nicht rechtzeitig beantwortet",
    "agent.step.failed": "Fehlgeschlagen: {message}",
  },
};

/** The installable app: the update prompt. */
export default {
  en: {
    "pwa.ready": "A new version of Hearth is ready.",
    "pwa.reload": "Reload",
  },
  de: {
    "pwa.ready": "Eine neue Version von Hearth ist bereit.",
    "pwa.reload": "Neu laden",
  },
};

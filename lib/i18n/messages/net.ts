/** The agent's web and command tools (lib/net/, lib/tools/fetch.ts, lib/tools/command.ts). */
export default {
  en: {
    "errors.bad_url":
      "That is not a web address Hearth can fetch: only http and https, without a password.",
    "errors.address_blocked":
      "{host} is a local or reserved address. Hearth only fetches from public internet addresses.",
    "errors.response_too_large": "The page at {host} is larger than {limit}.",
    "errors.fetch_timeout": "{host} did not answer within {seconds} seconds.",
    "errors.fetch_failed":
      "Fetching {host} failed (no such host, no answer, or a broken response).",
    "net.fetched": "Fetched {host} ({size})",
    "net.fetched_status": "Fetched {host}: HTTP {status} ({size})",
    "errors.command_unavailable":
      "This machine cannot run commands: setsid, prlimit, nice and sh are needed.",
    "errors.network_not_allowed": "The admin has not allowed this profile to fetch web pages.",
    "errors.exec_not_allowed": "The admin has not allowed this profile to run commands.",
    "net.command_ran": "Ran {command} (exit {code})",
    "net.command_timed_out": "{command} stopped after {seconds} s",
  },
  de: {
    "errors.bad_url":
      "Das ist keine Webadresse, die Hearth abrufen kann (nur http und https, ohne Passwort).",
    "errors.address_blocked":
      "{host} ist eine lokale oder reservierte Adresse. Hearth ruft nur öffentliche Internetadressen ab.",
    "errors.response_too_large": "Die Seite auf {host} ist größer als {limit}.",
    "errors.fetch_timeout": "{host} hat nicht innerhalb von {seconds} Sekunden geantwortet.",
    "errors.fetch_failed":
      "Das Abrufen von {host} ist fehlgeschlagen (unbekannter Host, keine Antwort oder eine kaputte Antwort).",
    "net.fetched": "{host} abgerufen ({size})",
    "net.fetched_status": "{host} abgerufen: HTTP {status} ({size})",
    "errors.command_unavailable":
      "Dieser Rechner kann keine Befehle ausführen: setsid, prlimit, nice und sh werden gebraucht.",
    "errors.network_not_allowed": "Der Admin hat diesem Profil nicht erlaubt, Webseiten abzurufen.",
    "errors.exec_not_allowed": "Der Admin hat diesem Profil nicht erlaubt, Befehle auszuführen.",
    "net.command_ran": "{command} ausgeführt (Exit-Code {code})",
    "net.command_timed_out": "{command} nach {seconds} s abgebrochen",
  },
};

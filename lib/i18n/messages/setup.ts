/**
 * The setup wizard (web and `hearth setup`), the setup-code page, and the errors of setup mode.
 */
export default {
  en: {
    "setup.title": "Hearth setup",
    "setup.titleProgress": "{percent}% · Hearth setup",
    "setup.steps.label": "Setup steps",
    "setup.step.language": "Language",
    "setup.step.system": "System check",
    "setup.step.ollama": "Ollama",
    "setup.step.model": "Model",
    "setup.step.admin": "Admin",
    "setup.step.done": "Done",
    "setup.stepOf": "Step {n} of {total}",
    "setup.next": "Continue",
    "setup.back": "Back",
    "setup.retry": "Check again",
    "setup.skip": "Skip for now",
    "setup.loading": "Loading…",
    "setup.error.network": "The box could not be reached. Check the connection and try again.",
    "setup.language.title": "Welcome to Hearth",
    "setup.language.intro":
      "Let's set up your private assistant; it takes a few minutes. First, pick the language Hearth speaks.",
    "setup.system.title": "What this box can do",
    "setup.system.intro":
      "Hearth looked at the memory, disk and processors of this machine to suggest a model that runs well on it.",
    "setup.system.memory": "Memory",
    "setup.system.memoryValue": "{total} in total, {available} available",
    "setup.system.disk": "Free disk",
    "setup.system.diskValue": "{free} free at {path}",
    "setup.system.diskUnknown": "Could not be measured",
    "setup.system.cpu": "Processor",
    "setup.system.cpuValue": "{model}, {cores} threads",
    "setup.system.gpu": "Graphics",
    "setup.system.gpuNone": "No GPU that Ollama can use",
    "setup.system.gpuValue": "{name}, {vram}",
    "setup.system.gpuUnified": "{name} (shares the main memory)",
    "setup.system.os": "System",
    "setup.system.fitAll": "All {total} models fit this box well.",
    "setup.system.fitSummary": "How the {total} models fit this box: {parts}.",
    "setup.system.fitCount.fits": "{count} well",
    "setup.system.fitCount.tight": "{count} tight",
    "setup.system.fitCount.too_big": "{count} too big",
    "setup.system.recommended": "Suggested: {model}.",
    "setup.system.demo": "Demo mode: these are the numbers of a made-up mini PC.",
    "setup.note.no_gpu": "No GPU found: models run on the processor and answer more slowly.",
    "setup.note.disk_unknown":
      "Free disk space could not be measured; make sure the download has room.",
    "setup.note.tight":
      "Memory is tight for the suggested model. Close other programs, or pick a smaller one if answers stall.",
    "setup.note.too_small":
      "This box is too small for local models: even the smallest one answers very slowly. An Ollama server on a bigger machine would help.",
    "setup.ollama.title": "Ollama",
    "setup.ollama.intro": "Hearth runs its models with Ollama, a free program on this box.",
    "setup.ollama.introRemote":
      "Hearth uses the Ollama server at {host}, on another machine: nothing to install on this box.",
    "setup.ollama.state.running": "Ollama {version} is running at {host}.",
    "setup.ollama.state.stopped": "Ollama is installed but not running.",
    "setup.ollama.state.missing": "Ollama is not installed on this box yet.",
    "setup.ollama.state.unreachable":
      "The Ollama server at {host} does not answer. Make sure it is running, then check again.",
    "setup.ollama.install": "Install Ollama",
    "setup.ollama.installing": "Installing Ollama…",
    "setup.ollama.installNote":
      "Hearth runs the official installer ({command}). It needs administrator rights: run Hearth as root, or allow sudo without a password.",
    "setup.ollama.installFailed": "The installation failed. The installer's output says why.",
    "setup.ollama.blocked.sudo":
      "Installing Ollama needs administrator rights, and Hearth never asks for a password here. Run this in a terminal on this box (it asks for your password there), then check again:",
    "setup.ollama.blocked.tools":
      "The Ollama installer needs {tools}, which this box does not have. Run this in a terminal on this box, then try again:",
    "setup.ollama.start": "Start Ollama",
    "setup.ollama.starting": "Starting Ollama…",
    "setup.ollama.log": "Installer output",
    "setup.ollama.manual.darwin":
      "On macOS, download Ollama from {url}, move Ollama.app to Applications and open it once. Then check again.",
    "setup.ollama.manual.windows":
      "On Windows, download and run OllamaSetup.exe from {url}. Then check again.",
    "setup.ollama.manual.other":
      "Install Ollama as described at {url}, start it, then check again.",
    "setup.ollama.skipNote": "You can also skip this and choose a model later in the settings.",
    "setup.model.title": "Choose a model",
    "setup.model.intro":
      "The model is your assistant's brain. Bigger models answer better but need more memory; the suggested one suits this box.",
    "setup.model.list": "Models",
    "setup.model.fit.fits": "Fits",
    "setup.model.fit.tight": "Tight",
    "setup.model.fit.too_big": "Doesn't fit",
    "setup.model.recommended": "Suggested",
    "setup.model.installed": "Installed",
    "setup.model.params": "{billions}B parameters",
    "setup.model.size": "{download} download, {ram} RAM",
    "setup.model.runsOn.cpu": "CPU",
    "setup.model.runsOn.gpu": "GPU",
    "setup.model.tools": "tools",
    "setup.model.others": "Other models",
    "setup.model.tooBig":
      "{model} needs more memory than this box has free: it may answer very slowly or not load at all.",
    "setup.model.noOllama":
      "Ollama is not running, so no model can be downloaded now. Go back to start it, or skip and choose a model later.",
    "setup.model.noOllamaRemote":
      "The Ollama server at {host} does not answer, so no model can be downloaded now. Start it on that machine and come back, or skip and choose a model later.",
    "setup.model.download": "Download {model}",
    "setup.model.use": "Use {model}",
    "setup.model.cancel": "Cancel download",
    "setup.model.cancelled": "The download was cancelled.",
    "setup.model.done": "{model} is ready.",
    "setup.model.failed": "The download failed: {message}",
    "setup.model.preparing": "Preparing the download…",
    "setup.model.verifying": "Checking the download…",
    "setup.model.progress": "{percent}% · {done} of {total}",
    "setup.model.rate": "{rate}/s",
    "setup.model.eta": "about {time} left",
    "setup.model.progressLabel": "Download of {model}",
    "setup.pull.downloading": "Downloading {model}",
    "setup.pull.dismiss": "Dismiss",
    "setup.pull.cancel": "Cancel",
    "setup.task.task_failed": "Something went wrong on the box. It has been logged.",
    "setup.task.task_interrupted": "Hearth was stopped before it finished.",
    "setup.task.stream_truncated": "The task wrote more output than Hearth keeps.",
    "setup.task.stream_lost": "The connection to the box was lost.",
    "setup.task.model_not_found": "There is no such model in the Ollama library.",
    "setup.task.ollama_unreachable": "Ollama does not answer. Go back and start it.",
    "setup.task.ollama_error": "Ollama reported an error. Try again in a moment.",
    "setup.task.ollama_timeout": "Ollama took too long to answer. Try again in a moment.",
    "setup.task.install_needs_sudo":
      "Installing Ollama needs administrator rights, and Hearth never asks for a password here.",
    "setup.task.install_missing_tools": "The Ollama installer needs a tool this box does not have.",
    "setup.task.install_failed": "The installation failed. The installer's output says why.",
    "setup.task.other": "Something went wrong: {message}",
    "setup.admin.title": "Protect the settings",
    "setup.admin.intro":
      "The admin manages models, profiles and devices. Choose a password you do not use anywhere else.",
    "setup.admin.name": "Your name",
    "setup.admin.defaultName": "Admin",
    "setup.admin.password": "Admin password",
    "setup.admin.passwordHint": "At least 8 characters.",
    "setup.admin.confirm": "Repeat the password",
    "setup.admin.mismatch": "The passwords do not match.",
    "setup.admin.pin": "Household PIN (optional)",
    "setup.admin.pinHint":
      "4 to 8 digits, asked when a device picks your profile. Leave it empty for none.",
    "setup.admin.pinInvalid": "The PIN must be 4 to 8 digits.",
    "setup.admin.finish": "Finish setup",
    "setup.admin.finishing": "Finishing…",
    "setup.done.title": "Hearth is ready",
    "setup.done.text":
      "Your assistant is set up. Open it here, or on any phone or laptop in your home network.",
    "setup.done.model": "Model: {model}",
    "setup.done.noModel": "No model yet: choose one in the settings.",
    "setup.done.open": "Open Hearth",
    "setup.code.title": "Enter the setup code",
    "setup.code.intro":
      "To set up Hearth from another device, enter the code shown in the terminal where Hearth was started.",
    "setup.code.label": "Setup code",
    "setup.code.submit": "Continue",
    "setup.code.local": "On the box itself, no code is needed.",
    "setup.cli.language": "Language / Sprache",
    "setup.cli.yesNo": "[Y/n]",
    "setup.cli.askStart": "Start Ollama now?",
    "setup.cli.askInstall": "Install Ollama now?",
    "setup.cli.needOllama":
      "A model needs a running Ollama. Start it and run {command} again, or pass --model none to choose a model later.",
    "setup.cli.pickModel": "Choose a model: number or name; Enter for {model}; s to skip",
    "setup.cli.invalidChoice": "That is not one of the choices: {answer}",
    "setup.cli.downloading": "Downloading {model}…",
    "setup.cli.passwordNeeded":
      "--yes needs --admin-password-file: there is nobody to ask for the admin password.",
    "setup.cli.passwordFile": "Cannot read the password file {path}: {error}",
    "setup.cli.already": "Hearth is already set up. To recover the admin password, run: {command}",
    "setup.cli.done": "Hearth is set up. Start it with: {command}",
    "setup.cli.noPin":
      "Note: the admin profile {name} has no PIN, so anyone on your network can open it and read its chats. Set one in Hearth under Admin → Profiles (/admin/profiles).",
    "setup.cli.failed": "Setup stopped: {message}",
    "errors.setup_required":
      "Hearth is not set up yet. Open /setup on this box to finish the setup wizard.",
    "errors.setup_code_required": "Enter the setup code shown in the terminal where Hearth runs.",
    "errors.setup_code_invalid":
      "That is not the setup code. It is printed in the terminal where Hearth runs.",
    "errors.setup_code_rate_limited": "Too many wrong codes. Try again in {minutes} min.",
    "errors.setup_finished": "Hearth is already set up.",
    "errors.setup_pull_running": "{model} is still downloading. Wait for it or cancel it first.",
    "errors.setup_model_missing": "{model} is not on the Ollama server yet. Download it first.",
  },
  de: {
    "setup.title": "Hearth-Einrichtung",
    "setup.titleProgress": "{percent} % · Hearth-Einrichtung",
    "setup.steps.label": "Einrichtungsschritte",
    "setup.step.language": "Sprache",
    "setup.step.system": "Systemprüfung",
    "setup.step.ollama": "Ollama",
    "setup.step.model": "Modell",
    "setup.step.admin": "Admin",
    "setup.step.done": "Fertig",
    "setup.stepOf": "Schritt {n} von {total}",
    "setup.next": "Weiter",
    "setup.back": "Zurück",
    "setup.retry": "Erneut prüfen",
    "setup.skip": "Vorerst überspringen",
    "setup.loading": "Wird geladen…",
    "setup.error.network":
      "Die Box ist nicht erreichbar. Prüfe die Verbindung und versuche es noch einmal.",
    "setup.language.title": "Willkommen bei Hearth",
    "setup.language.intro":
      "Richten wir deinen privaten Assistenten ein; das dauert ein paar Minuten. Wähle zuerst die Sprache, die Hearth spricht.",
    "setup.system.title": "Was diese Box kann",
    "setup.system.intro":
      "Hearth hat Arbeitsspeicher, Festplatte und Prozessoren dieses Rechners geprüft, um ein Modell vorzuschlagen, das gut darauf läuft.",
    "setup.system.memory": "Arbeitsspeicher",
    "setup.system.memoryValue": "{total} insgesamt, {available} verfügbar",
    "setup.system.disk": "Freier Speicherplatz",
    "setup.system.diskValue": "{free} frei unter {path}",
    "setup.system.diskUnknown": "Konnte nicht gemessen werden",
    "setup.system.cpu": "Prozessor",
    "setup.system.cpuValue": "{model}, {cores} Threads",
    "setup.system.gpu": "Grafik",
    "setup.system.gpuNone": "Keine GPU, die Ollama nutzen kann",
    "setup.system.gpuValue": "{name}, {vram}",
    "setup.system.gpuUnified": "{name} (teilt sich den Arbeitsspeicher)",
    "setup.system.os": "System",
    "setup.system.fitAll": "Alle {total} Modelle passen gut auf diese Box.",
    "setup.system.fitSummary": "So passen die {total} Modelle auf diese Box: {parts}.",
    "setup.system.fitCount.fits": "{count} gut",
    "setup.system.fitCount.tight": "{count} knapp",
    "setup.system.fitCount.too_big": "{count} zu groß",
    "setup.system.recommended": "Vorschlag: {model}.",
    "setup.system.demo": "Demo-Modus: Das sind die Werte eines erfundenen Mini-PCs.",
    "setup.note.no_gpu":
      "Keine GPU gefunden: Die Modelle laufen auf dem Prozessor und antworten langsamer.",
    "setup.note.disk_unknown":
      "Der freie Speicherplatz ließ sich nicht messen; sorge dafür, dass der Download Platz hat.",
    "setup.note.tight":
      "Für das vorgeschlagene Modell ist der Arbeitsspeicher knapp. Schließe andere Programme oder wähle ein kleineres, wenn Antworten stocken.",
    "setup.note.too_small":
      "Diese Box ist zu klein für lokale Modelle: Selbst das kleinste antwortet sehr langsam. Ein Ollama-Server auf einem größeren Rechner würde helfen.",
    "setup.ollama.title": "Ollama",
    "setup.ollama.intro":
      "Hearth betreibt seine Modelle mit Ollama, einem kostenlosen Programm auf dieser Box.",
    "setup.ollama.introRemote":
      "Hearth nutzt den Ollama-Server unter {host} auf einem anderen Rechner: Auf dieser Box ist nichts zu installieren.",
    "setup.ollama.state.running": "Ollama {version} läuft unter {host}.",
    "setup.ollama.state.stopped": "Ollama ist installiert, läuft aber nicht.",
    "setup.ollama.state.missing": "Ollama ist auf dieser Box noch nicht installiert.",
    "setup.ollama.state.unreachable":
      "Der Ollama-Server unter {host} antwortet nicht. Sorge dafür, dass er läuft, und prüfe dann erneut.",
    "setup.ollama.install": "Ollama installieren",
    "setup.ollama.installing": "Ollama wird installiert…",
    "setup.ollama.installNote":
      "Hearth führt das offizielle Installationsprogramm aus ({command}). Es braucht Administratorrechte: Starte Hearth als root oder erlaube sudo ohne Passwort.",
    "setup.ollama.installFailed":
      "Die Installation ist fehlgeschlagen. Die Ausgabe des Installationsprogramms sagt, warum.",
    "setup.ollama.blocked.sudo":
      "Ollama zu installieren braucht Administratorrechte, und Hearth fragt hier nie nach einem Passwort. Führe dies in einem Terminal auf dieser Box aus (es fragt dort nach deinem Passwort) und prüfe dann erneut:",
    "setup.ollama.blocked.tools":
      "Der Ollama-Installer braucht {tools}, das auf dieser Box fehlt. Führe dies in einem Terminal auf dieser Box aus und versuche es dann erneut:",
    "setup.ollama.start": "Ollama starten",
    "setup.ollama.starting": "Ollama wird gestartet…",
    "setup.ollama.log": "Ausgabe des Installationsprogramms",
    "setup.ollama.manual.darwin":
      "Lade Ollama unter macOS von {url} herunter, ziehe Ollama.app in den Ordner Programme und öffne es einmal. Prüfe dann erneut.",
    "setup.ollama.manual.windows":
      "Lade unter Windows OllamaSetup.exe von {url} herunter und führe es aus. Prüfe dann erneut.",
    "setup.ollama.manual.other":
      "Installiere Ollama wie unter {url} beschrieben, starte es und prüfe dann erneut.",
    "setup.ollama.skipNote":
      "Du kannst das auch überspringen und später in den Einstellungen ein Modell wählen.",
    "setup.model.title": "Modell wählen",
    "setup.model.intro":
      "Das Modell ist das Gehirn deines Assistenten. Größere Modelle antworten besser, brauchen aber mehr Arbeitsspeicher; der Vorschlag passt zu dieser Box.",
    "setup.model.list": "Modelle",
    "setup.model.fit.fits": "Passt",
    "setup.model.fit.tight": "Knapp",
    "setup.model.fit.too_big": "Passt nicht",
    "setup.model.recommended": "Vorschlag",
    "setup.model.installed": "Installiert",
    "setup.model.params": "{billions} Mrd. Parameter",
    "setup.model.size": "{download} Download, {ram} RAM",
    "setup.model.runsOn.cpu": "CPU",
    "setup.model.runsOn.gpu": "GPU",
    "setup.model.tools": "Werkzeuge",
    "setup.model.others": "Weitere Modelle",
    "setup.model.tooBig":
      "{model} braucht mehr Arbeitsspeicher, als diese Box frei hat: Es antwortet womöglich sehr langsam oder lädt gar nicht.",
    "setup.model.noOllama":
      "Ollama läuft nicht, daher lässt sich jetzt kein Modell herunterladen. Geh zurück und starte es, oder überspringe den Schritt und wähle später ein Modell.",
    "setup.model.noOllamaRemote":
      "Der Ollama-Server unter {host} antwortet nicht, daher lässt sich jetzt kein Modell herunterladen. Starte ihn auf jenem Rechner und komm zurück, oder überspringe den Schritt und wähle später ein Modell.",
    "setup.model.download": "{model} herunterladen",
    "setup.model.use": "{model} verwenden",
    "setup.model.cancel": "Download abbrechen",
    "setup.model.cancelled": "Der Download wurde abgebrochen.",
    "setup.model.done": "{model} ist bereit.",
    "setup.model.failed": "Der Download ist fehlgeschlagen: {message}",
    "setup.model.preparing": "Download wird vorbereitet…",
    "setup.model.verifying": "Download wird geprüft…",
    "setup.model.progress": "{percent} % · {done} von {total}",
    "setup.model.rate": "{rate}/s",
    "setup.model.eta": "noch etwa {time}",
    "setup.model.progressLabel": "Download von {model}",
    "setup.pull.downloading": "{model} wird heruntergeladen",
    "setup.pull.dismiss": "Ausblenden",
    "setup.pull.cancel": "Abbrechen",
    "setup.task.task_failed": "Auf der Box ist etwas schiefgegangen. Es wurde protokolliert.",
    "setup.task.task_interrupted": "Hearth wurde beendet, bevor es fertig war.",
    "setup.task.stream_truncated": "Die Aufgabe hat mehr ausgegeben, als Hearth aufbewahrt.",
    "setup.task.stream_lost": "Die Verbindung zur Box ist abgebrochen.",
    "setup.task.model_not_found": "Dieses Modell gibt es in der Ollama-Bibliothek nicht.",
    "setup.task.ollama_unreachable": "Ollama antwortet nicht. Geh zurück und starte es.",
    "setup.task.ollama_error": "Ollama hat einen Fehler gemeldet. Versuche es gleich noch einmal.",
    "setup.task.ollama_timeout":
      "Ollama hat zu lange nicht geantwortet. Versuche es gleich noch einmal.",
    "setup.task.install_needs_sudo":
      "Ollama zu installieren braucht Administratorrechte, und Hearth fragt hier nie nach einem Passwort.",
    "setup.task.install_missing_tools":
      "Der Ollama-Installer braucht ein Programm, das auf dieser Box fehlt.",
    "setup.task.install_failed":
      "Die Installation ist fehlgeschlagen. Die Ausgabe des Installers sagt, warum.",
    "setup.task.other": "Etwas ist schiefgegangen: {message}",
    "setup.admin.title": "Die Einstellungen schützen",
    "setup.admin.intro":
      "Der Admin verwaltet Modelle, Profile und Geräte. Wähle ein Passwort, das du sonst nirgends verwendest.",
    "setup.admin.name": "Dein Name",
    "setup.admin.defaultName": "Admin",
    "setup.admin.password": "Admin-Passwort",
    "setup.admin.passwordHint": "Mindestens 8 Zeichen.",
    "setup.admin.confirm": "Passwort wiederholen",
    "setup.admin.mismatch": "Die Passwörter stimmen nicht überein.",
    "setup.admin.pin": "Haushalts-PIN (optional)",
    "setup.admin.pinHint":
      "4 bis 8 Ziffern; wird abgefragt, wenn ein Gerät dein Profil wählt. Leer lassen für keine.",
    "setup.admin.pinInvalid": "Die PIN muss aus 4 bis 8 Ziffern bestehen.",
    "setup.admin.finish": "Einrichtung abschließen",
    "setup.admin.finishing": "Wird abgeschlossen…",
    "setup.done.title": "Hearth ist bereit",
    "setup.done.text":
      "Dein Assistent ist eingerichtet. Öffne ihn hier oder auf jedem Handy und Laptop in deinem Heimnetz.",
    "setup.done.model": "Modell: {model}",
    "setup.done.noModel": "Noch kein Modell: Wähle eines in den Einstellungen.",
    "setup.done.open": "Hearth öffnen",
    "setup.code.title": "Einrichtungscode eingeben",
    "setup.code.intro":
      "Um Hearth von einem anderen Gerät aus einzurichten, gib den Code ein, der im Terminal steht, in dem Hearth gestartet wurde.",
    "setup.code.label": "Einrichtungscode",
    "setup.code.submit": "Weiter",
    "setup.code.local": "Auf der Box selbst ist kein Code nötig.",
    "setup.cli.language": "Language / Sprache",
    "setup.cli.yesNo": "[J/n]",
    "setup.cli.askStart": "Ollama jetzt starten?",
    "setup.cli.askInstall": "Ollama jetzt installieren?",
    "setup.cli.needOllama":
      "Ein Modell braucht ein laufendes Ollama. Starte es und rufe {command} erneut auf, oder gib --model none an, um später ein Modell zu wählen.",
    "setup.cli.pickModel":
      "Wähle ein Modell: Nummer oder Name; Eingabetaste für {model}; s zum Überspringen",
    "setup.cli.invalidChoice": "Das ist keine der Möglichkeiten: {answer}",
    "setup.cli.downloading": "{model} wird heruntergeladen…",
    "setup.cli.passwordNeeded":
      "--yes braucht --admin-password-file: Niemand kann nach dem Admin-Passwort gefragt werden.",
    "setup.cli.passwordFile": "Die Passwortdatei {path} ist nicht lesbar: {error}",
    "setup.cli.already":
      "Hearth ist bereits eingerichtet. Um das Admin-Passwort zurückzusetzen: {command}",
    "setup.cli.done": "Hearth ist eingerichtet. Starte es mit: {command}",
    "setup.cli.noPin":
      "Hinweis: Das Admin-Profil {name} hat keine PIN, also können alle in deinem Netzwerk es öffnen und seine Chats lesen. Lege eine in Hearth fest unter Admin → Profile (/admin/profiles).",
    "setup.cli.failed": "Einrichtung abgebrochen: {message}",
    "errors.setup_required":
      "Hearth ist noch nicht eingerichtet. Öffne /setup auf dieser Box, um die Einrichtung abzuschließen.",
    "errors.setup_code_required":
      "Gib den Einrichtungscode ein, der im Terminal steht, in dem Hearth läuft.",
    "errors.setup_code_invalid":
      "Das ist nicht der Einrichtungscode. Er steht im Terminal, in dem Hearth läuft.",
    "errors.setup_code_rate_limited":
      "Zu viele falsche Codes. Versuche es in {minutes} min noch einmal.",
    "errors.setup_finished": "Hearth ist bereits eingerichtet.",
    "errors.setup_pull_running":
      "{model} wird noch heruntergeladen. Warte darauf oder brich den Download zuerst ab.",
    "errors.setup_model_missing":
      "{model} ist noch nicht auf dem Ollama-Server. Lade es zuerst herunter.",
  },
} as const;

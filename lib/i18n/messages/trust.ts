/** HTTPS on the LAN: the trust page (`/trust`) and its setting. */
export default {
  en: {
    "settings.https": "HTTPS",
    "settings.https.hint":
      "Serve HTTPS with a certificate from this box's own authority; plain http is sent there. Phones need it for the microphone and for installing Hearth. Each device trusts the authority once: see /trust.",
    "settings.https.off": "Off (plain http)",
    "settings.https.on": "On",
    "trust.title": "Trust this box",
    "trust.intro":
      "Hearth serves HTTPS with a certificate from its own authority, made on this box. Install the authority once on each device, and the browser trusts Hearth without warnings.",
    "trust.off":
      "HTTPS is off. The admin turns it on in Settings (or starts Hearth with --https); then the certificate can be downloaded here.",
    "trust.download": "Download the certificate",
    "trust.downloadPem": "PEM file (Linux, Firefox)",
    "trust.fingerprint": "SHA-256 fingerprint",
    "trust.compare":
      "Before you trust it, compare this fingerprint with the one shown where Hearth runs (the terminal at start, or hearth doctor). If they differ, do not install it.",
    "trust.expires": "The authority is valid until {date}.",
    "trust.open": "Open Hearth over HTTPS",
    "trust.qr": "Open this page on a phone",
    "trust.qrLabel": "QR code that opens this page",
    "trust.steps": "Steps for your device",
    "trust.android": "Android",
    "trust.android.1": "Tap “Download the certificate” and save it.",
    "trust.android.2":
      "Open Settings › Security › More security settings › Encryption & credentials › Install a certificate › CA certificate (names vary by maker; search Settings for “CA certificate”).",
    "trust.android.3":
      "Tap “Install anyway”, pick the downloaded hearth-ca.crt and confirm with your screen lock.",
    "trust.ios": "iPhone and iPad",
    "trust.ios.1":
      "Open this page in Safari and tap “Download the certificate”, then “Allow”: a profile is downloaded.",
    "trust.ios.2":
      "Open Settings › General › VPN & Device Management, tap the Hearth profile and “Install”.",
    "trust.ios.3":
      "Open Settings › General › About › Certificate Trust Settings and turn on full trust for the Hearth authority.",
    "trust.windows": "Windows",
    "trust.windows.1": "Download the certificate and open hearth-ca.crt.",
    "trust.windows.2":
      "Choose “Install Certificate…”, then “Local Machine” (or “Current User”), then “Place all certificates in the following store”.",
    "trust.windows.3":
      "Pick “Trusted Root Certification Authorities”, finish, and restart the browser.",
    "trust.macos": "macOS",
    "trust.macos.1": "Download the certificate and open hearth-ca.crt: Keychain Access opens.",
    "trust.macos.2": "Add it to the “System” keychain, then double-click the Hearth authority.",
    "trust.macos.3":
      "Under “Trust”, set “When using this certificate” to “Always Trust” and close.",
    "trust.linux": "Linux",
    "trust.linux.1": "Download the PEM file.",
    "trust.linux.2":
      "Debian and Ubuntu: sudo cp hearth-ca.pem /usr/local/share/ca-certificates/hearth-ca.crt && sudo update-ca-certificates. Fedora: sudo trust anchor hearth-ca.pem.",
    "trust.linux.3":
      "Chrome and Chromium on Linux keep their own list: Settings › Privacy and security › Security › Manage certificates › Authorities › Import.",
    "trust.firefox": "Firefox (every system)",
    "trust.firefox.1": "Download the PEM file.",
    "trust.firefox.2":
      "Open Settings › Privacy & Security › Certificates › View Certificates › Authorities › Import.",
    "trust.firefox.3": "Tick “Trust this CA to identify websites” and confirm.",
    "trust.private":
      "Only the certificate is offered here. The authority's private key never leaves this box.",
    "errors.ca_missing": "HTTPS is not turned on yet, so there is no certificate to download.",
  },
  de: {
    "settings.https": "HTTPS",
    "settings.https.hint":
      "HTTPS mit einem Zertifikat der eigenen Zertifizierungsstelle dieser Box; einfaches http wird dorthin umgeleitet. Handys brauchen es für das Mikrofon und zum Installieren von Hearth. Jedes Gerät vertraut der Stelle einmal: siehe /trust.",
    "settings.https.off": "Aus (einfaches http)",
    "settings.https.on": "An",
    "trust.title": "Dieser Box vertrauen",
    "trust.intro":
      "Hearth nutzt HTTPS mit einem Zertifikat seiner eigenen Zertifizierungsstelle, erzeugt auf dieser Box. Installiere die Stelle einmal auf jedem Gerät, dann vertraut der Browser Hearth ohne Warnungen.",
    "trust.off":
      "HTTPS ist aus. Der Admin schaltet es in den Einstellungen ein (oder startet Hearth mit --https); danach lässt sich das Zertifikat hier herunterladen.",
    "trust.download": "Zertifikat herunterladen",
    "trust.downloadPem": "PEM-Datei (Linux, Firefox)",
    "trust.fingerprint": "SHA-256-Fingerabdruck",
    "trust.compare":
      "Vergleiche diesen Fingerabdruck vor dem Installieren mit dem, den Hearth dort zeigt, wo es läuft (im Terminal beim Start oder mit hearth doctor). Weicht er ab, installiere es nicht.",
    "trust.expires": "Die Zertifizierungsstelle gilt bis {date}.",
    "trust.open": "Hearth über HTTPS öffnen",
    "trust.qr": "Diese Seite auf einem Handy öffnen",
    "trust.qrLabel": "QR-Code, der diese Seite öffnet",
    "trust.steps": "Schritte für dein Gerät",
    "trust.android": "Android",
    "trust.android.1": "Tippe auf „Zertifikat herunterladen“ und speichere es.",
    "trust.android.2":
      "Öffne Einstellungen › Sicherheit › Weitere Sicherheitseinstellungen › Verschlüsselung und Anmeldedaten › Zertifikat installieren › CA-Zertifikat (die Namen variieren je nach Hersteller; suche in den Einstellungen nach „CA-Zertifikat“).",
    "trust.android.3":
      "Tippe auf „Trotzdem installieren“, wähle die heruntergeladene hearth-ca.crt und bestätige mit deiner Displaysperre.",
    "trust.ios": "iPhone und iPad",
    "trust.ios.1":
      "Öffne diese Seite in Safari, tippe auf „Zertifikat herunterladen“ und dann auf „Erlauben“: Ein Profil wird geladen.",
    "trust.ios.2":
      "Öffne Einstellungen › Allgemein › VPN und Geräteverwaltung, tippe auf das Hearth-Profil und auf „Installieren“.",
    "trust.ios.3":
      "Öffne Einstellungen › Allgemein › Info › Zertifikatsvertrauenseinstellungen und schalte das volle Vertrauen für die Hearth-Stelle ein.",
    "trust.windows": "Windows",
    "trust.windows.1": "Lade das Zertifikat herunter und öffne hearth-ca.crt.",
    "trust.windows.2":
      "Wähle „Zertifikat installieren…“, dann „Lokaler Computer“ (oder „Aktueller Benutzer“), dann „Alle Zertifikate in folgendem Speicher speichern“.",
    "trust.windows.3":
      "Wähle „Vertrauenswürdige Stammzertifizierungsstellen“, schließe ab und starte den Browser neu.",
    "trust.macos": "macOS",
    "trust.macos.1":
      "Lade das Zertifikat herunter und öffne hearth-ca.crt: Die Schlüsselbundverwaltung öffnet sich.",
    "trust.macos.2":
      "Füge es dem Schlüsselbund „System“ hinzu und doppelklicke dann auf die Hearth-Stelle.",
    "trust.macos.3":
      "Stelle unter „Vertrauen“ bei „Bei Verwendung dieses Zertifikats“ auf „Immer vertrauen“ und schließe das Fenster.",
    "trust.linux": "Linux",
    "trust.linux.1": "Lade die PEM-Datei herunter.",
    "trust.linux.2":
      "Debian und Ubuntu: sudo cp hearth-ca.pem /usr/local/share/ca-certificates/hearth-ca.crt && sudo update-ca-certificates. Fedora: sudo trust anchor hearth-ca.pem.",
    "trust.linux.3":
      "Chrome und Chromium unter Linux haben eine eigene Liste: Einstellungen › Datenschutz und Sicherheit › Sicherheit › Zertifikate verwalten › Zertifizierungsstellen › Importieren.",
    "trust.firefox": "Firefox (alle Systeme)",
    "trust.firefox.1": "Lade die PEM-Datei herunter.",
    "trust.firefox.2":
      "Öffne Einstellungen › Datenschutz & Sicherheit › Zertifikate › Zertifikate anzeigen › Zertifizierungsstellen › Importieren.",
    "trust.firefox.3":
      "Setze den Haken bei „Dieser CA vertrauen, um Websites zu identifizieren“ und bestätige.",
    "trust.private":
      "Hier wird nur das Zertifikat angeboten. Der private Schlüssel der Stelle verlässt diese Box nie.",
    "errors.ca_missing":
      "HTTPS ist noch nicht eingeschaltet, daher gibt es kein Zertifikat zum Herunterladen.",
  },
};

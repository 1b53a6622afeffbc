/** A failed upgrade: the data was restored from its snapshot and Hearth runs read-only. */
export default {
  en: {
    "upgrade.readOnly":
      "An upgrade of Hearth failed, so it runs read-only. Your data is safe: it was restored from the snapshot {snapshot}. Check the log (hearth doctor lists the snapshots), report the problem, or run the older Hearth again.",
    "upgrade.banner":
      "An upgrade failed. Your data is safe (restored from {snapshot}), but Hearth is read-only until the problem is fixed: check the log, report it, or run the older Hearth.",
    "errors.needs_upgrade":
      "This part of Hearth needs the upgrade that failed, so it cannot open the restored data (from the snapshot {snapshot}). Your data is safe. Run the older Hearth to use it, or fix the upgrade.",
  },
  de: {
    "upgrade.readOnly":
      "Ein Update von Hearth ist fehlgeschlagen, deshalb läuft es nur lesend. Deine Daten sind sicher: Sie wurden aus dem Schnappschuss {snapshot} wiederhergestellt. Sieh ins Protokoll (hearth doctor listet die Schnappschüsse), melde das Problem oder starte wieder das ältere Hearth.",
    "upgrade.banner":
      "Ein Update ist fehlgeschlagen. Deine Daten sind sicher (wiederhergestellt aus {snapshot}), aber Hearth ist nur lesbar, bis das Problem behoben ist: Sieh ins Protokoll, melde es oder starte das ältere Hearth.",
    "errors.needs_upgrade":
      "Dieser Teil von Hearth braucht das fehlgeschlagene Update und kann die wiederhergestellten Daten (aus dem Schnappschuss {snapshot}) nicht öffnen. Deine Daten sind sicher. Starte das ältere Hearth, um sie zu nutzen, oder behebe das Update.",
  },
} as const;

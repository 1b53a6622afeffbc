import assert from "node:assert/strict";
import { ianaZone, WINDOWS_ZONES } from "./zones.ts";

Deno.test("ics zones - IANA names, vendor prefixes and Windows names; nothing else", () => {
  assert.equal(ianaZone("Europe/Berlin"), "Europe/Berlin");
  assert.equal(ianaZone("europe/berlin"), "Europe/Berlin");
  assert.equal(ianaZone("/mozilla.org/20050126_1/Europe/London"), "Europe/London");
  assert.equal(
    ianaZone("/freeassociation.sourceforge.net/Tzfile/America/New_York"),
    "America/New_York",
  );
  assert.equal(ianaZone("W. Europe Standard Time"), "Europe/Berlin");
  assert.equal(ianaZone("Eastern Standard Time"), "America/New_York");
  assert.equal(ianaZone("India Standard Time"), "Asia/Calcutta");
  assert.equal(ianaZone("UTC"), "UTC");
  for (
    const name of ["", "Mars/Olympus", "(UTC+01:00) Amsterdam, Berlin", "Customized Time Zone"]
  ) {
    assert.equal(ianaZone(name), null, name);
  }
});

Deno.test("ics zones - every Windows name in the table is a zone this runtime knows", () => {
  const unknown = WINDOWS_ZONES.filter((name) => ianaZone(name) === null);
  assert.deepEqual(unknown, []);
});

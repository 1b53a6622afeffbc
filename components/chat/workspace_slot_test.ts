import * as assert from "node:assert/strict";
import { openWorkspace, workspaceAt, workspaceChanged, workspaceUi } from "./workspace_slot.ts";

Deno.test("workspace slot - open names the file once; a change bumps the count and keeps the panel", async () => {
  workspaceChanged();
  assert.equal(workspaceAt.value, null, "a change while closed opens nothing");
  openWorkspace("c1", "out/page.html");
  const opened = workspaceAt.value!;
  assert.equal(opened.id, "c1");
  assert.equal(opened.path, "out/page.html");
  workspaceChanged();
  const changed = workspaceAt.value!;
  assert.equal(changed.id, "c1");
  assert.equal(changed.path, undefined, "a change does not pick the file again");
  assert.ok(changed.v > opened.v);
  openWorkspace("c1");
  assert.ok(workspaceAt.value!.v > changed.v);
  // The panel's chunk loads at the first open.
  const ui = await new Promise<NonNullable<typeof workspaceUi.value>>((resolve) =>
    workspaceUi.subscribe((m) => m && resolve(m))
  );
  assert.equal(typeof ui.WorkspacePanel, "function");
  workspaceAt.value = null;
});

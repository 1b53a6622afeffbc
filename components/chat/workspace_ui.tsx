/**
 * What the workspace panel's chunk exports to the chat (loaded through `workspace_slot.ts` the
 * first time the panel opens): the panel itself.
 */
export { WorkspacePanel } from "../workspace/panel.tsx";

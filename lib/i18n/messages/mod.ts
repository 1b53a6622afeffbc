/**
 * Every message namespace. A namespace file holds English and German side by side; add a new
 * one here with one import. `i18n_test.ts` fails when a key is missing in a language or unused.
 */
import auth from "./auth.ts";
import chat from "./chat.ts";
import chatComposer from "./chat_composer.ts";
import chatUi from "./chat_ui.ts";
import common from "./common.ts";
import errors from "./errors.ts";
import events from "./events.ts";
import fields from "./fields.ts";
import lists from "./lists.ts";
import models from "./models.ts";
import pwa from "./pwa.ts";
import settings from "./settings.ts";
import setup from "./setup.ts";
import push from "./push.ts";
import trust from "./trust.ts";
import voice from "./voice.ts";
import validation from "./validation.ts";
import shell from "./shell.ts";
import todos from "./todos.ts";
import dates from "./dates.ts";
import todosPage from "./todos_page.ts";
import search from "./search.ts";
import memosPage from "./memos_page.ts";
import today from "./today.ts";
import listsPage from "./lists_page.ts";
import notifications from "./notifications.ts";
import ics from "./ics.ts";
import assistant from "./assistant.ts";
import calendar from "./calendar.ts";
import documents from "./documents.ts";
import rag from "./rag.ts";
import ingest from "./ingest.ts";
import extract from "./extract.ts";
import gems from "./gems.ts";
import workspaceSnapshots from "./workspace_snapshots.ts";
import documentsPage from "./documents_page.ts";
import chatWorkspace from "./chat_workspace.ts";
import workspace from "./workspace.ts";
import net from "./net.ts";
import tools from "./tools.ts";
import agentLoop from "./agent_loop.ts";
import agentUi from "./agent_ui.ts";
import imports from "./imports.ts";
import upgrade from "./upgrade.ts";
import apiKeys from "./api_keys.ts";
import health from "./health.ts";
import backup from "./backup.ts";
import chatBranches from "./chat_branches.ts";
import limits from "./limits.ts";

/** All namespaces, in the order their keys are merged. */
export const NAMESPACES = [
  common,
  errors,
  auth,
  models,
  settings,
  setup,
  chat,
  chatUi,
  trust,
  push,
  voice,
  pwa,
  validation,
  chatComposer,
  shell,
  fields,
  todos,
  events,
  lists,
  dates,
  todosPage,
  search,
  memosPage,
  today,
  listsPage,
  notifications,
  ics,
  assistant,
  calendar,
  documents,
  rag,
  ingest,
  extract,
  gems,
  workspaceSnapshots,
  documentsPage,
  chatWorkspace,
  workspace,
  net,
  tools,
  agentLoop,
  agentUi,
  imports,
  upgrade,
  apiKeys,
  health,
  backup,
  chatBranches,
  limits,
];

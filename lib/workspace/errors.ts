/**
 * The workspace's errors: each is an `HttpError` (so a route answers it as
 * `{"error":{"code","message"}}` and the agent loop hands it to the model as the tool's answer),
 * with its `errors.<code>` sentence in lib/i18n/messages/workspace.ts.
 */
import { HttpError } from "../http/errors.ts";

/** A workspace failure the caller (a person or the model) can act on. */
export class WorkspaceError extends HttpError {
  constructor(
    status: number,
    code: string,
    message: string,
    params: Record<string, string | number> = {},
  ) {
    super(status, code, message, {}, params);
    this.name = "WorkspaceError";
  }
}

/** 400: a path Hearth will not take apart (control characters, backslashes, too long…). */
export const badPath = (why: string) =>
  new WorkspaceError(400, "bad_path", `That is not a usable workspace path: ${why}.`, { why });

/** 400: a path that leads out of the workspace (`..`, absolute, a link pointing outside). */
export const pathOutside = () =>
  new WorkspaceError(400, "path_outside", "That path leads outside the workspace.");

/** 400: a change through a symbolic link (changes act on real files and folders only). */
export const pathIsLink = (path: string) =>
  new WorkspaceError(
    400,
    "path_is_link",
    `${path} is a symbolic link; files are changed only through their real path.`,
    { path },
  );

/** 404: nothing at that path. */
export const fileNotFound = (path: string) =>
  new WorkspaceError(404, "file_not_found", `There is no ${path || "/"} in the workspace.`, {
    path,
  });

/** 409: something is already at that path. */
export const fileExists = (path: string) =>
  new WorkspaceError(409, "file_exists", `${path} already exists in the workspace.`, { path });

/** 409: a file where a folder is needed. */
export const notAFolder = (path: string) =>
  new WorkspaceError(409, "not_a_folder", `${path} is not a folder.`, { path });

/** 409: a folder where a file is needed. */
export const notAFile = (path: string) =>
  new WorkspaceError(409, "not_a_file", `${path} is not a file.`, { path });

/** 409: removing a folder that still holds something, without `recursive`. */
export const folderNotEmpty = (path: string) =>
  new WorkspaceError(409, "folder_not_empty", `The folder ${path} is not empty.`, { path });

/** 415: a binary file asked for as text. */
export const notText = (path: string) =>
  new WorkspaceError(415, "not_text", `${path} is not a text file.`, { path });

/** 422: an edit whose search text is not in the file. */
export const noMatch = (path: string) =>
  new WorkspaceError(422, "no_match", `The text to replace is not in ${path}.`, { path });

/** 422: an edit whose search text is in the file more than once (and `all` was not asked). */
export const ambiguousMatch = (path: string, count: number) =>
  new WorkspaceError(
    422,
    "ambiguous_match",
    `The text to replace is in ${path} ${count} times; give more of it, or replace all.`,
    { path, count },
  );

/** 409: the workspace holds as many entries as it may. */
export const tooManyEntries = (max: number) =>
  new WorkspaceError(
    409,
    "too_many_entries",
    `A workspace holds at most ${max} files and folders.`,
    {
      max,
    },
  );

/** 400: moving a folder into itself. */
export const moveIntoItself = (path: string) =>
  new WorkspaceError(400, "move_into_itself", `${path} cannot move into itself.`, { path });

/** 413: a file over the workspace's size for one file. */
export const fileTooLarge = (max: string) =>
  new WorkspaceError(413, "file_too_large", `One workspace file holds at most ${max}.`, { max });

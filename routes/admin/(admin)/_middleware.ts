import { adminOnly } from "../../../lib/auth/mod.ts";
import { define } from "../../../utils.ts";

/** The admin's pages are the admin's: anyone else goes to the admin login first. */
export const handler = define.middleware(adminOnly);

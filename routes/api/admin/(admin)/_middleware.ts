import { adminOnly } from "../../../../lib/auth/mod.ts";
import { define } from "../../../../utils.ts";

/** The admin's APIs answer only a live admin login: 401 `admin_required` for anyone else. */
export const handler = define.middleware(adminOnly);

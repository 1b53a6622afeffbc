/**
 * The server bundle's entry (`deno task build` bundles it to `_build/server-<hash>/cli/bin.js`
 * and `_build/hearth.js` imports it): the hearth command, run unconditionally, because the
 * bundle's `main.ts` is not the main module there.
 */
import { main } from "../../main.ts";

await main(Deno.args);

import { caDownload } from "../../lib/tls/trust.ts";
import { define } from "../../utils.ts";

/** `/trust/ca.crt` (DER) and `/trust/ca.pem`: the box's CA certificate, never its key. */
export const handler = define.handlers({
  GET(ctx) {
    return caDownload(ctx.state.services, ctx.params.file);
  },
});

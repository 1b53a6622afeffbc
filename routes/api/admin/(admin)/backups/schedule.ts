import { readSchedule, saveSchedule, scheduleSchema } from "../../../../../lib/backup/schedule.ts";
import { readJson } from "../../../../../lib/http/validate.ts";
import { define } from "../../../../../utils.ts";

/**
 * `GET /api/admin/backups/schedule` → the schedule; `PUT {frequency: off|daily|weekly, time:
 * "HH:MM", weekday: 0–6, keep: 1–365}` stores it (the scheduler runs it, in the admin's time zone).
 */
export const handler = define.handlers({
  async GET(ctx) {
    return Response.json(await readSchedule(ctx.state.services.db));
  },
  async PUT(ctx) {
    const input = await readJson(ctx.req, scheduleSchema);
    const services = ctx.state.services;
    return Response.json(await saveSchedule(services.db, input, services.now()));
  },
});

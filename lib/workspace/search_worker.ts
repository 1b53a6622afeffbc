/**
 * The worker that runs a regular-expression search of a workspace (`searchTree` with a RegExp
 * the model wrote), so a pattern that backtracks for ever stalls only this thread, which the
 * caller terminates at its deadline.
 */
import { parentPort, workerData } from "node:worker_threads";
import { searchTree } from "./walk.ts";

const { abs, rel, pattern, limit } = workerData as {
  abs: string;
  rel: string;
  pattern: string;
  limit: number;
};
const re = new RegExp(pattern, "u");
// The deadline runs from here: the worker's own start (slow on a busy box) is not the pattern's.
parentPort!.postMessage({ ready: true });
parentPort!.postMessage({ found: await searchTree(abs, rel, (line) => re.test(line), limit) });

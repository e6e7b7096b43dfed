import { startChorus } from "../src/start.ts";

/** `npm run worker` (same as `npm run start:worker`): runs the job queue's tasks without serving HTTP. */
startChorus({ ...process.env, ROLE: "worker" }).catch((err) => {
  process.stderr.write(`worker could not start: ${err instanceof Error ? err.message : err}\n`);
  process.exit(1);
});

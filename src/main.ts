import { roleFromArgs, startChorus } from "./start.ts";

/**
 * Entry point: `npm start` (tsx) or `node dist/src/main.js` (built), role from `--role=` or
 * `ROLE` (all | api | worker).
 */
const role = roleFromArgs(process.argv.slice(2));
startChorus(role ? { ...process.env, ROLE: role } : process.env).catch((err) => {
  process.stderr.write(`Chorus could not start: ${err instanceof Error ? err.message : err}\n`);
  process.exit(1);
});

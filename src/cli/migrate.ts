import { loadConfig } from "../config.ts";
import { createLogger } from "../log.ts";
import { openDeps } from "../runtime.ts";

/** `npm run migrate`: applies pending migrations (opening them is what migrates). */
const config = loadConfig(process.env);
const opened = await openDeps(config, createLogger({ level: "warn" }));
process.stdout.write("database is up to date\n");
await opened.close();

import fs from "node:fs";
import { pidAlive, readJson, stopProcess } from "../../infra/embedded/process.ts";
import { runtimeHomesOf } from "../../infra/embedded/reachable.ts";
import { runningService, type ServicesFile, servicesFile } from "../../infra/embedded/services.ts";
import { loadConfig } from "../config.ts";

/**
 * `npm run clean`: deletes what the embedded services keep — DATA_DIR (database, search index,
 * outbox, logs) and the folders kept for the `postgres` user outside the checkout when root runs
 * it from a closed folder. Services left running by a stopped process are stopped first; a
 * running Chorus is never pulled from under its feet.
 */
const { dataDir } = loadConfig(process.env);
const recorded = readJson<ServicesFile>(servicesFile(dataDir)) ?? {};
for (const name of ["postgres", "meilisearch"] as const) {
  const record = await runningService(recorded[name]);
  if (!record) continue;
  if (record.owner && pidAlive(record.owner)) {
    process.stderr.write(
      `Chorus（进程 ${record.owner}）仍在使用 ${dataDir} 中的服务：请先停止它，再运行 npm run clean\n`,
    );
    process.exit(1);
  }
  await stopProcess(record.pid, name === "postgres" ? "SIGINT" : "SIGTERM");
}
const origins = fs.existsSync(dataDir) ? [fs.realpathSync(dataDir)] : [];
const candidates = [
  ...runtimeHomesOf({ origins, under: fs.realpathSync(process.cwd()) }),
  ...(recorded.postgresDir ? [recorded.postgresDir] : []),
  dataDir,
];
let removed = 0;
for (const dir of candidates) {
  if (!fs.existsSync(dir)) continue;
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`已删除 ${dir}\n`);
  removed++;
}
if (!removed) process.stdout.write("没有需要删除的数据\n");

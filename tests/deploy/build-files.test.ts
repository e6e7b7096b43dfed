import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RUNTIME_FILES } from "../../infra/build-files.ts";

const root = path.resolve(import.meta.dirname, "../..");

/** Every file below `dir` (relative to the repository), depth first. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? filesUnder(rel) : [rel];
  });
}

describe("npm run build", () => {
  it("copies into dist/ every file of the compiled code's folders that tsc does not emit", () => {
    const notCompiled = ["src", "workers", "seeds"]
      .flatMap(filesUnder)
      .filter((f) => !/\.tsx?$/.test(f));
    expect(notCompiled.length).toBeGreaterThan(0);
    const left = notCompiled.filter((f) => !RUNTIME_FILES.some((dir) => f.startsWith(`${dir}/`)));
    expect(left).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { fromSource, imageStart, scriptStart } from "../../infra/start-command.ts";

const sorted = (flags: string[]) => [...flags].sort();

describe("the commands that start Chorus processes", () => {
  it("read an API service of the compose file as the image runs it: entry, role, heap cap and malloc settings", () => {
    expect(imageStart("api-1")).toEqual({
      nodeFlags: ["--enable-source-maps", "--max-old-space-size=256"],
      entry: "dist/src/main.js",
      args: ["--role=api"],
      env: { ROLE: "api", MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072" },
    });
    expect(imageStart("api-2")).toEqual(imageStart("api-1"));
  });

  it("give workers the image's entry without the API nodes' heap cap and malloc settings", () => {
    expect(imageStart("worker-1")).toEqual({
      nodeFlags: ["--enable-source-maps"],
      entry: "dist/src/main.js",
      args: ["--role=worker"],
      env: { ROLE: "worker" },
    });
  });

  it("start an API node with npm run start:api exactly as compose starts one from the image", () => {
    const script = scriptStart("start:api");
    const image = imageStart("api-1");
    expect(sorted(script.nodeFlags)).toEqual(sorted(image.nodeFlags));
    expect([script.entry, ...script.args]).toEqual([image.entry, ...image.args]);
    const { ROLE, ...processEnv } = image.env;
    expect(ROLE).toBe("api");
    expect(script.env).toEqual(processEnv);
  });

  it("run the same API node from the TypeScript sources under tsx with the same heap cap and role", () => {
    expect(fromSource(imageStart("api-1"))).toEqual({
      nodeFlags: ["--max-old-space-size=256", "--import", "tsx"],
      entry: "src/main.ts",
      args: ["--role=api"],
      env: { ROLE: "api", MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072" },
    });
    expect(scriptStart("start").nodeFlags).toContain("tsx");
    expect(scriptStart("start").entry).toBe("src/main.ts");
  });
});

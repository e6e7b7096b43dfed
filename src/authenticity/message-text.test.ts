import { describe, expect, it } from "vitest";
import { comparable, htmlToText, likeness, textHash, textUnits } from "./message-text.ts";
import { verdictFor } from "./verdict.ts";

const message = {
  title: "板蓝根不能预防新冠病毒感染",
  summary: "目前没有证据表明板蓝根能预防新冠病毒感染，请勿盲目囤购服用。",
  body: "结论\n板蓝根不能预防新冠病毒感染。\n戴口罩\n勤洗手",
};

describe("the text of a message", () => {
  it("reads rendered body HTML as lines of text", () => {
    expect(
      htmlToText(
        "<h2>结论</h2>\n<p>板蓝根<strong>不能</strong>预防 &amp; 治疗</p><ul><li>戴口罩</li></ul>",
      ),
    ).toBe("结论\n板蓝根不能预防 & 治疗\n戴口罩");
  });

  it("compares without white space, width, case or Traditional characters", () => {
    expect(comparable(" 板藍根  不能\n預防 ＣＯＶＩＤ ")).toBe(comparable("板蓝根不能预防covid"));
  });

  it("can be found by the hash of the whole message, or of a field quoted alone", () => {
    const units = textUnits(message).map(textHash);
    expect(units).toContain(
      textHash(comparable(`${message.title}\n\n${message.summary}\n${message.body}`)),
    );
    expect(units).toContain(textHash(comparable(message.summary)));
    expect(units).not.toContain(textHash(comparable("板蓝根能预防新冠病毒感染")));
  });

  it("shows a removed 不 as the difference between a genuine text and a forged one", () => {
    const l = likeness(message.summary, message.summary.replace("没有证据表明", "有证据表明"));
    expect(l?.similarity).toBeGreaterThan(0.9);
    expect(l?.differences.filter((d) => d.op !== "same")).toEqual([{ op: "removed", text: "没" }]);
  });

  it("does not compare texts of very different lengths", () => {
    expect(likeness(message.summary, "板蓝根")).toBeUndefined();
  });
});

describe("the verdict for a genuine message", () => {
  it("is genuine for the current version, updated for an older one, retracted once withdrawn", () => {
    expect(verdictFor({ version: 2 }, { status: "live", version: 2 })).toBe("genuine");
    expect(verdictFor({ version: 1 }, { status: "live", version: 2 })).toBe("updated");
    expect(verdictFor({ version: 2 }, { status: "retracted", version: 2 })).toBe("retracted");
  });
});

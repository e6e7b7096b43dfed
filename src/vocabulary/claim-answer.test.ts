import { describe, expect, it } from "vitest";
import { answerLine, claimLine, headline } from "./claim-answer.ts";

const typhoon = { claim: "台风天开窗能平衡气压", verdict: "false", title: "台风天应关紧门窗" };

describe("claim and answer", () => {
  it("puts the verdict label on the claim and 真相 before the answer", () => {
    expect(claimLine(typhoon)).toBe("网传「台风天开窗能平衡气压」？谣言");
    expect(answerLine(typhoon)).toBe("真相：台风天应关紧门窗");
    expect(headline(typhoon)).toBe("网传「台风天开窗能平衡气压」？谣言。真相：台风天应关紧门窗");
  });

  it("shortens a long forwarded claim in the headline and keeps a message without a claim bare", () => {
    const long = { ...typhoon, claim: `紧急扩散！${"台风".repeat(40)}` };
    expect(claimLine(long)).toMatch(/^网传「紧急扩散！台风.*…」？谣言$/);
    expect(headline({ claim: null, verdict: "false", title: "防台风指引" })).toBe("防台风指引");
    expect(claimLine({ claim: "网上说法", verdict: null, title: "t" })).toBe("网传「网上说法」");
    expect(claimLine({ ...typhoon, claim: "开窗能平衡气压？" })).toBe(
      "网传「开窗能平衡气压」？谣言",
    );
  });
});

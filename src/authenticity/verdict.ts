/** What a verification concludes (核验结论). */
export const verdicts = ["genuine", "updated", "retracted", "altered", "unknown"] as const;
export type Verdict = (typeof verdicts)[number];

/** The Chinese words the public pages use for each verdict. */
export const verdictWords: Record<Verdict, { label: string; explain: string }> = {
  genuine: { label: "真实 · 现行有效", explain: "这是本平台发布的信息，且是当前最新版本。" },
  updated: {
    label: "真实 · 已有更新",
    explain: "这是本平台发布过的信息，但之后已更新，请以最新版本为准。",
  },
  retracted: {
    label: "真实 · 已撤回",
    explain: "这条信息确由本平台发布，但已被撤回，不再有效，请勿继续转发。",
  },
  altered: {
    label: "已被篡改",
    explain: "这段内容与本平台发布的信息相似，但有改动，并非原文。下方标出了改动之处。",
  },
  unknown: {
    label: "无法确认 · 非本平台发布",
    explain: "未找到与之相符的本平台信息，它不是本平台发布的。下方列出了最接近的已发布信息。",
  },
};

/**
 * The verdict for a genuine message of a rebuttal, given the rebuttal as it stands now:
 * withdrawn → retracted; a later version → updated; otherwise genuine.
 * @example verdictFor({ version: 1 }, { status: "live", version: 2 }) === "updated"
 */
export function verdictFor(
  message: { version: number },
  now: { status: "live" | "retracted"; version: number },
): "genuine" | "updated" | "retracted" {
  if (now.status === "retracted") return "retracted";
  return message.version < now.version ? "updated" : "genuine";
}

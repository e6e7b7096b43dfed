import { appendAudit } from "../audit/append.ts";
import type { Deps } from "../deps.ts";
import { enqueue } from "../jobs/define.ts";
import { matchRebuttals } from "../library/match.ts";
import { normalizeText } from "../text/normalize.ts";
import {
  answerReport,
  closeAnsweredCase,
  lockReportForLateText,
  retitleCase,
  setReportText,
} from "./db/late-text.ts";
import { countReportOnRebuttal } from "./db/reports.ts";
import { tellLateAnswer } from "./jobs.ts";
import { matchingSettings } from "./settings.ts";
import { titleFromText } from "./text-rules.ts";

/**
 * Text that arrived after its report was taken (a screenshot read by OCR after the report had
 * answered "图片仍在识别中") is matched against the library as a search is (Meilisearch asked, the
 * full lookups: a job has the time intake does not, ADR 0324): a confident match
 * answers the report (its status page shows the answer, and a case opened for it alone closes
 * as answered, and a reporter who consented is emailed); otherwise the report, and a case
 * opened for it alone, carry the new text.
 * Job-only (no person calls it); safe to run twice: an answered report is left alone.
 * @example const { rebuttalId } = await answerLateText(deps, { reportId, text, replaces });
 */
export async function answerLateText(
  deps: Deps,
  input: { reportId: string; text: string; replaces?: string },
): Promise<{ rebuttalId: string | null }> {
  const settings = matchingSettings();
  const [best] = await matchRebuttals(deps, input.text, { limit: 1 });
  const now = deps.now();
  return deps.sql.begin(async (tx) => {
    const report = await lockReportForLateText(tx, input.reportId);
    if (!report || report.rebuttalId) return { rebuttalId: report?.rebuttalId ?? null };
    if (report.text.includes(input.text)) return { rebuttalId: null };
    const typed = report.text === input.replaces ? "" : report.text;
    const text = [typed, input.text].filter(Boolean).join("\n").slice(0, 5000);
    await setReportText(tx, report.id, text, normalizeText(text));
    const alone = report.caseId && report.caseStatus === "new" && report.caseReports === 1;
    const answered = best && best.score >= settings.autoMatch ? best : undefined;
    if (answered) {
      await answerReport(tx, report.id, answered.rebuttalId, answered.score);
      await countReportOnRebuttal(tx, answered.rebuttalId);
      await enqueue(tx, tellLateAnswer, { reportId: report.id, rebuttalId: answered.rebuttalId });
      if (alone) await closeAnsweredCase(tx, report.caseId!, "图片识别后匹配到已发布的解答", now);
    } else if (alone) {
      await retitleCase(tx, report.caseId!, titleFromText(text), text, now);
    }
    await appendAudit(tx, {
      actor: { kind: "system", label: "images.read-report-image" },
      action: "report.text_read",
      object: { type: "report", id: report.id },
      data: { rebuttalId: answered?.rebuttalId ?? null, score: best?.score ?? null },
    });
    return { rebuttalId: answered?.rebuttalId ?? null };
  });
}

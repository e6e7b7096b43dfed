import { task } from "../../jobs/task.ts";
import { lateAnswerMail } from "../db/late-text.ts";
import { tellLateAnswer } from "../jobs.ts";
import { reporterEmail } from "../reporter-email.ts";

/**
 * Emails the reporter the answer their report found late, when they consented and have not
 * unsubscribed since. At least once: a failed send retries the job. Later updates and
 * retractions of that answer reach them through `events.tell-reporters`, as for any report.
 */
export const tellLateAnswerTask = task(
  tellLateAnswer,
  async ({ reportId, rebuttalId }, { deps }) => {
    const row = await lateAnswerMail(deps.sql, reportId, rebuttalId);
    if (!row) return;
    const { publicUrl } = deps.config;
    const rebuttal = {
      title: row.title,
      summary: row.summary,
      url: `${publicUrl}/r/${encodeURIComponent(row.slug)}`,
    };
    await deps.mailer.send(
      reporterEmail("rebuttal.published", { rebuttal }, { ...row, reportId }, publicUrl),
    );
  },
);

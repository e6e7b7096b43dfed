import type { Deps } from "../deps.ts";
import { answerFor, closestOf, type VerifyResult } from "./answers.ts";
import { type SignatureRow, signaturesOfRebuttals } from "./db/signatures.ts";
import { type Difference, likeness, type MessageText, wholeText } from "./message-text.ts";
import type { SignedPayload } from "./payload.ts";
import { similarRebuttals } from "./similar-rebuttals.ts";

/** How alike a text must be to a genuine one to be called altered rather than unknown. */
export const ALTERED_SIMILARITY = 0.8;

function textOf(row: SignatureRow): MessageText {
  const { rebuttal } = JSON.parse(row.payload) as SignedPayload;
  return { title: rebuttal.title, summary: rebuttal.summary, body: row.bodyText };
}

/** The parts of a message a notice may reproduce, as people see them. */
function quotable(m: MessageText): string[] {
  return [
    wholeText(m),
    `${m.title}\n${m.summary}`,
    `${m.summary}\n${m.body}`,
    m.title,
    m.summary,
    m.body,
  ];
}

interface Best {
  row: SignatureRow;
  similarity: number;
  differences: Difference[];
}

/**
 * A text that is no genuine message word for word: altered when it closely resembles one (with
 * the character differences), unknown otherwise (with the closest live messages).
 */
export async function compareWithSimilar(deps: Deps, text: string): Promise<VerifyResult> {
  const similar = await similarRebuttals(deps, text);
  const rows = await signaturesOfRebuttals(
    deps.sql,
    similar.map((s) => s.rebuttalId),
  );
  let best: Best | undefined;
  for (const row of rows) {
    for (const genuine of new Set(quotable(textOf(row)))) {
      const l = likeness(genuine, text);
      if (l && l.similarity > (best?.similarity ?? 0)) best = { row, ...l };
    }
  }
  if (best && best.similarity >= ALTERED_SIMILARITY) {
    return answerFor(deps, best.row, "similar_text", {
      verdict: "altered",
      differences: best.differences,
      similarity: Math.round(best.similarity * 1000) / 1000,
    });
  }
  return {
    verdict: "unknown",
    reason: "no_match",
    closest: await closestOf(deps, similar.slice(0, 3)),
  };
}

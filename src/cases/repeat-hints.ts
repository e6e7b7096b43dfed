import crypto from "node:crypto";
import { AnswerCache } from "../library/cache.ts";

/** The case a folded text last joined or opened in this process, and its score against its copy. */
export interface RepeatHint {
  caseId: string;
  score: number;
}

/**
 * Where this process last saw each folded text attached or opened, for texts whose own copy no
 * text can outscore (`copyRanksFirst`, ADR 0270). Only a hint: the statement that follows it
 * attaches the report only if that case is still open and still holds the same text among its
 * latest reports, so a stale hint costs one statement, never a wrong case.
 */
export type RepeatHints = AnswerCache<RepeatHint>;

/** How long a hint is tried: a minute, as rumours are forwarded in bursts. */
const HINT_MS = 60_000;

/**
 * A process's repeat hints (2,000 texts, each for a minute).
 * @example deps.intakeRepeats = createRepeatHints();
 */
export const createRepeatHints = (): RepeatHints => new AnswerCache<RepeatHint>(HINT_MS, 2000);

/** The key a folded text's hint is kept under: a digest, as pasted messages may be long. */
export const repeatKey = (textNorm: string) =>
  crypto.createHash("sha256").update(textNorm).digest("base64");

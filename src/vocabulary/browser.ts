import { caseStateLabels } from "./case-states.ts";
import { channelLabels } from "./channels.ts";
import { eventTypeLabels } from "./event-types.ts";
import { rebuttalKindLabels } from "./rebuttal-kinds.ts";
import { roleLabels } from "./roles.ts";
import { urgencyLabels, urgencyNames } from "./urgencies.ts";
import { verdictColours, verdictLabels } from "./verdicts.ts";

/** What browser scripts may read of the vocabulary: labels and colours, never rules. */
export const browserVocabulary = {
  verdictLabels,
  verdictColours,
  urgencyLabels,
  urgencyNames,
  eventTypeLabels,
  channelLabels,
  caseStateLabels,
  roleLabels,
  rebuttalKindLabels,
};

/**
 * The vocabulary as a classic script (`/assets/vocabulary.js`) that sets
 * `window.chorusVocabulary`, so page scripts show the same labels as the server.
 * @example app.get("/assets/vocabulary.js", (c) => c.body(vocabularyScript()))
 */
export function vocabularyScript(): string {
  const json = JSON.stringify(browserVocabulary).replace(/</g, "\\u003c");
  return `// Generated from src/vocabulary; do not edit.\nwindow.chorusVocabulary = Object.freeze(${json});\n`;
}

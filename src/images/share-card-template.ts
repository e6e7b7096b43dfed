import { isVerdict, verdictColours, verdictLabels } from "../vocabulary/verdicts.ts";

/** What a share card says; the template decides nothing else. */
export interface ShareCardContent {
  claim: string;
  verdict: string;
  title: string;
  summary: string;
  organisations: string[];
  date: string;
  retracted: boolean;
  /** PNG data URI of the QR code. */
  qrDataUri: string;
  qrCaption: string;
}

export const CARD_WIDTH = 1080;
export const CARD_HEIGHT = 1350;

type Style = Record<string, string | number>;
type Node = { type: string; props: { style?: Style; children?: unknown; src?: string } };

const el = (type: string, style: Style, children?: unknown): Node => ({
  type,
  props: { style: { display: "flex", ...style }, children },
});
// A text leaf: without a width of its own a flex item grows to fit its line instead of wrapping.
const text = (style: Style, children: string): Node =>
  el("div", { width: "100%", ...style }, children);
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const ANSWER = "#1f4e79";

/**
 * The share card as a satori element tree: 网传 (the claim, with the verdict label in the
 * verdict's colour) above 真相 (the answer, in one neutral colour, never the verdict's).
 */
export function shareCardTemplate(c: ShareCardContent, fontFamily: string): Node {
  const verdict = isVerdict(c.verdict) ? c.verdict : "unproven";
  const label = verdictLabels[verdict];
  const badge = el(
    "div",
    {
      background: verdictColours[verdict],
      color: "#fff",
      fontSize: 36,
      fontWeight: 700,
      padding: "6px 22px",
      borderRadius: 8,
    },
    label,
  );
  const heading = (text: string, colour: string) =>
    el("div", { fontSize: 40, fontWeight: 700, color: colour, marginRight: 20 }, text);
  const claim = el(
    "div",
    { flexDirection: "column", background: "#f2f2f2", borderRadius: 16, padding: 40 },
    [
      el("div", { alignItems: "center", marginBottom: 20 }, [heading("网传", "#555"), badge]),
      text({ fontSize: 38, color: "#444", lineHeight: 1.5 }, `“${clip(c.claim, 90)}”`),
    ],
  );
  const answer = el(
    "div",
    {
      flexDirection: "column",
      borderLeft: `12px solid ${ANSWER}`,
      background: "#eef3f8",
      borderRadius: 16,
      padding: 40,
      marginTop: 36,
      flexGrow: 1,
    },
    [
      el("div", { marginBottom: 20 }, heading("真相", ANSWER)),
      text({ fontSize: 44, fontWeight: 700, color: "#111", lineHeight: 1.4 }, clip(c.title, 60)),
      text({ fontSize: 34, color: "#222", lineHeight: 1.55, marginTop: 20 }, clip(c.summary, 140)),
    ],
  );
  const retracted = c.retracted
    ? el(
        "div",
        { fontSize: 34, color: "#fff", background: "#333", padding: "12px 24px", marginBottom: 24 },
        "此条已撤回，请以最新发布为准",
      )
    : null;
  const footer = el("div", { alignItems: "center", marginTop: 36 }, [
    el(
      "div",
      { flexDirection: "column", flexGrow: 1, flexShrink: 1, fontSize: 30, color: "#333" },
      [
        el(
          "div",
          { marginBottom: 10 },
          clip(`发布：${c.organisations.join("、") || "应急科普快速响应平台"}`, 60),
        ),
        el("div", { color: "#666" }, `${c.date} · 应急科普快速响应平台`),
        el("div", { color: "#666", marginTop: 10 }, c.qrCaption),
      ],
    ),
    { type: "img", props: { src: c.qrDataUri, style: { width: 200, height: 200 } } },
  ]);
  return el(
    "div",
    {
      flexDirection: "column",
      width: CARD_WIDTH,
      height: CARD_HEIGHT,
      boxSizing: "border-box",
      padding: 64,
      background: "#fff",
      fontFamily,
    },
    [retracted, claim, answer, footer].filter(Boolean),
  );
}

import { verdictColours, verdicts } from "../../vocabulary/verdicts.ts";

// The verdict colour marks the claim (badge and the claim's left rule), never the answer.
const verdictStyle = verdicts
  .map(
    (v) =>
      `.v-${v}{background:${verdictColours[v]}}.claim-${v}{border-left-color:${verdictColours[v]}}`,
  )
  .join("");

/**
 * The one style sheet of every public page (library, rebuttal, topics, report, verify), inline
 * so that a page is one request and needs nothing else.
 */
export const PUBLIC_STYLE = `body{font:16px/1.6 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
main{max-width:720px;margin:0 auto;padding:12px 16px}a{color:#0b4f8a}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;color:#0b4f8a;padding:4px 8px;z-index:1}
header.site{background:#0b5394;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center}
header.site a{color:#fff;text-decoration:none}header.site .brand{font-weight:700;margin-right:auto}
header.site nav{display:flex;flex-wrap:wrap;gap:4px 14px}header.site nav a[aria-current]{text-decoration:underline}
header.site a:focus-visible,a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
form.search{display:flex;gap:6px;margin:12px 0}
input[type=search]{flex:1;min-width:0;font-size:16px;padding:8px}button{font-size:16px;padding:8px 14px;background:#0b5394;color:#fff;border:0;border-radius:4px}
.hit{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 12px;margin:10px 0}.hit h3{margin:6px 0}
.v{display:inline-block;padding:0 6px;border-radius:4px;color:#fff;font-size:14px}.v-kind{background:#2e7d32}.v-withdrawn{background:#595959}
.claim{border-left:4px solid #5f6b6d;background:#f3f3f3;padding:6px 10px;margin:8px 0;border-radius:0 6px 6px 0}
.word{display:inline-block;font-size:14px;font-weight:700;margin-right:6px;color:#444}
.answer .word{color:#0b5394}.answer{border-left:4px solid #0b5394;background:#fff;padding:6px 10px;margin:8px 0;border-radius:0 6px 6px 0}
.answer h1{margin:4px 0;font-size:24px}
${verdictStyle}
mark{background:#fff3a0}.muted{color:#595959;font-size:14px}.retracted{background:#fdecea;padding:8px;border-radius:6px}
.chips{display:flex;flex-wrap:wrap;gap:6px;padding:0;list-style:none}.chips a{display:inline-block;padding:2px 10px;border:1px solid #0b5394;border-radius:14px;text-decoration:none;background:#fff}
.pager{display:flex;gap:12px;align-items:center;justify-content:center;margin:16px 0}
.no-answer{background:#fff8e1;border:1px solid #e0c26b;border-radius:6px;padding:10px 12px}
.topic-banner{background:#fff4e5;border:1px solid #f0a030;border-radius:6px;padding:8px 12px;margin:12px 0}
.helpful{margin:16px 0}.helpful form{display:inline}
form.fields label{display:block;margin:12px 0 4px;font-weight:600}form.fields label.check{font-weight:400}
form.fields textarea{width:100%;min-height:8em;font:16px/1.5 system-ui,sans-serif;box-sizing:border-box;padding:8px}
form.fields input,form.fields select{font-size:16px;padding:8px;width:100%;box-sizing:border-box;max-width:28em}
form.fields input[type=checkbox]{width:auto}
.hint{color:#595959;font-size:14px;margin:2px 0}
.field-error{color:#a61b1b;margin:4px 0}.notice{background:#e8f5e9;border:1px solid #7cb88a;border-radius:6px;padding:8px}.alert{background:#fdecea;color:#7a1010;padding:8px;border-radius:6px}
.recognised{margin:6px 0;padding:6px 10px;border-left:4px solid #7cb88a;background:#fff;white-space:pre-wrap}
.sent{background:#e8f5e9;border:1px solid #7cb88a;border-radius:6px;padding:10px 12px}
.verdict{border-radius:6px;padding:10px 14px;margin:12px 0;color:#fff}
.verdict h2{margin:0 0 4px;font-size:20px}.verdict p{margin:0}
.verdict-genuine{background:#1e7e34}.verdict-updated{background:#8a5a12}
.verdict-retracted{background:#a61b1b}.verdict-altered{background:#a61b1b}.verdict-unknown{background:#555}
.diff{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px;white-space:pre-wrap;word-break:break-all}
.diff del{background:#fdd;color:#900}.diff ins{background:#dfd;color:#060;text-decoration:underline}
.code{font:600 20px/1.2 ui-monospace,monospace;letter-spacing:1px}
.seal{display:flex;gap:12px;align-items:center;background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px;margin:16px 0}
.seal svg{width:112px;height:112px;flex:none}
footer.site{max-width:720px;margin:24px auto;padding:0 16px 24px;color:#595959;font-size:14px}`;

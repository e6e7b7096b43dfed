import { escapeHtml as esc } from "../http/html.ts";

type Json = Record<string, unknown>;

function operation(method: string, path: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const body = (op.requestBody as Json | undefined)?.content as Json | undefined;
  const responses = Object.entries((op.responses as Json) ?? {});
  return `<section class="op" id="${esc(op.operationId)}">
  <h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
  <p><b>${esc(op.operationId)}</b> — ${esc(op.summary)}</p>
  ${op.description ? `<p>${esc(op.description)}</p>` : ""}
  ${
    params.length
      ? `<table><tr><th>参数 parameter</th><th>in</th><th>required</th><th>schema</th></tr>${params
          .map(
            (p) =>
              `<tr><td>${esc(p.name)}</td><td>${esc(p.in)}</td><td>${p.required ? "yes" : ""}</td><td><code>${esc(JSON.stringify(p.schema))}</code></td></tr>`,
          )
          .join("")}</table>`
      : ""
  }
  ${body ? `<details><summary>请求体 request body</summary><pre>${esc(JSON.stringify(body, null, 2))}</pre></details>` : ""}
  <ul>${responses.map(([status, r]) => `<li><b>${esc(status)}</b> ${esc((r as Json).description)}</li>`).join("")}</ul>
</section>`;
}

/** A self-contained, readable HTML rendering of the OpenAPI document (no CDN needed). */
export function renderReference(doc: Json): string {
  const info = doc.info as Json;
  const paths = Object.entries((doc.paths as Json) ?? {});
  const ops = paths.flatMap(([path, item]) =>
    Object.entries(item as Json).map(([method, op]) => ({ path, method, op: op as Json })),
  );
  const byTag = new Map<string, typeof ops>();
  for (const o of ops) {
    const tag = ((o.op.tags as string[] | undefined) ?? ["other"])[0]!;
    byTag.set(tag, [...(byTag.get(tag) ?? []), o]);
  }
  const schemas = (doc.components as Json | undefined)?.schemas as Json | undefined;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)}</title>
<style>
body{font:15px/1.5 system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;max-width:960px;margin:auto;padding:1rem}
.op{border-top:1px solid #ddd;padding:.5rem 0}.m{font-weight:bold;padding:0 .3rem;border-radius:3px;color:#fff;background:#555}
.get{background:#2a7}.post{background:#27a}.delete{background:#a33}.patch,.put{background:#a72}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .4rem;text-align:left}
pre{background:#f6f6f6;padding:.5rem;overflow:auto}
</style></head><body>
<h1>${esc(info.title)}</h1><p>${esc(info.description)}</p>
<p>机器可读文档 Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${esc(doc.openapi)})</p>
<nav><ul>${[...byTag.keys()].map((t) => `<li><a href="#tag-${esc(t)}">${esc(t)}</a></li>`).join("")}</ul></nav>
${[...byTag.entries()]
  .map(
    ([tag, list]) =>
      `<h2 id="tag-${esc(tag)}">${esc(tag)}</h2>${list.map((o) => operation(o.method, o.path, o.op)).join("")}`,
  )
  .join("")}
${
  schemas
    ? `<h2>Schemas</h2>${Object.entries(schemas)
        .map(
          ([n, s]) =>
            `<details><summary>${esc(n)}</summary><pre>${esc(JSON.stringify(s, null, 2))}</pre></details>`,
        )
        .join("")}`
    : ""
}
</body></html>`;
}

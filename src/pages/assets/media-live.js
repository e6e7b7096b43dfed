// Media portal live feed: socket.io /media with the session cookie; resumes from the last seq seen.
// Labels come from /assets/vocabulary.js (generated from src/vocabulary), loaded before this file.
(() => {
  const feed = document.getElementById("live-feed");
  const state = document.getElementById("live-state");
  const vocabulary = window.chorusVocabulary;
  if (!feed || typeof io !== "function" || !vocabulary) return;
  const types = vocabulary.eventTypeLabels;
  const key = "chorus-media-last-seq";
  const stored = Number(localStorage.getItem(key));
  const auth = Number.isFinite(stored) && stored > 0 ? { lastSeq: stored } : {};
  const socket = io("/media", { auth, transports: ["websocket", "polling"] });
  const text = (tag, value, cls) => {
    const el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  };
  socket.on("connect", () => {
    state.textContent = "已连接，实时接收中";
  });
  socket.on("disconnect", () => {
    state.textContent = "连接中断，正在重连…";
  });
  socket.on("connect_error", (err) => {
    state.textContent = `无法连接：${err.data?.detail || err.message}`;
  });
  socket.on("event", (env) => {
    // The page already shows the newest messages; a replay after reload must not repeat them.
    if (env.seq && feed.querySelector(`[data-seq="${Number(env.seq)}"]`)) return;
    const r = env.data?.rebuttal || {};
    const item = document.createElement("article");
    item.className = "card";
    item.dataset.seq = String(env.seq);
    // The headline says 网传「claim」？verdict。真相：answer — the verdict never sits on the advice.
    const head = text("h3", `${types[env.type] || env.type} · ${r.headline || r.title || ""}`);
    item.append(head);
    if (r.drill) item.append(text("span", "演练", "drill"));
    item.append(text("p", r.summary || ""));
    if (r.url) {
      const a = text("a", "查看全文");
      a.href = r.url;
      item.append(a);
      // The share card sits beside the page: /r/{slug}/card.png (src/images/card-path.ts).
      const card = text("a", "分享卡片");
      card.href = `${r.url.replace(/\/$/, "")}/card.png`;
      card.download = "";
      item.append(" ", card);
    }
    item.append(
      text(
        "p",
        `#${env.seq} · ${new Date(env.occurredAt).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}`,
        "muted",
      ),
    );
    feed.prepend(item);
    document.getElementById("live-empty")?.remove();
    if (env.seq) localStorage.setItem(key, String(env.seq));
    socket.auth = { lastSeq: env.seq };
  });
})();

// Publication status: counts per channel update in place from socket.io /staff `delivery.progress`.
(() => {
  const section = document.querySelector("[data-event-id]");
  const state = document.getElementById("progress-state");
  if (!section || typeof io !== "function") return;
  const eventId = section.dataset.eventId;
  const socket = io("/staff", { transports: ["websocket", "polling"] });
  let failed = null;
  socket.on("ready", () => {
    section.dataset.live = "1";
  });
  socket.on("connect_error", (err) => {
    state.textContent = `实时更新不可用：${err.data?.detail || err.message}，请刷新页面查看最新进度`;
  });
  socket.on("delivery.progress", (p) => {
    if (!p || p.eventId !== eventId) return;
    let nowFailed = 0;
    for (const [channel, counts] of Object.entries(p.channels)) {
      const row = section.querySelector(`tr[data-channel="${channel}"]`);
      if (!row) continue;
      for (const [field, value] of Object.entries(counts)) {
        const cell = row.querySelector(`[data-field="${field}"]`);
        if (cell) cell.textContent = String(value);
      }
      nowFailed += counts.failed;
    }
    const grew = failed !== null && nowFailed > failed;
    failed = nowFailed;
    state.textContent = p.complete ? "全部投递已结束。" : "正在投递…";
    if (grew) state.textContent += " 有新的失败投递，刷新页面可重新投递。";
  });
})();

/** A one-line progress bar on stderr (redrawn in place on a terminal, every 10% otherwise). */
export function progressBar(label: string, total: number) {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  return {
    update(done: number) {
      const share = total === 0 ? 1 : Math.min(1, done / total);
      const tenth = Math.floor(share * 10);
      if (!tty && tenth === lastTenth) return;
      lastTenth = tenth;
      const bar = "█".repeat(Math.round(share * 30)).padEnd(30, "░");
      const line = `${label} ${bar} ${done}/${total}`;
      process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    },
    done() {
      if (tty) process.stderr.write("\n");
    },
  };
}

/** A one-line progress bar on stderr (a plain line per step when stderr is not a terminal). */
export function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  let lastPct = -1;
  return {
    update(done: number, total: number, what = '') {
      const pct = total ? Math.floor((done / total) * 100) : 100;
      if (pct === lastPct) return;
      lastPct = pct;
      const width = 30;
      const fill = Math.round((pct / 100) * width);
      const line = `${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${String(pct).padStart(3)}% ${done}/${total} ${what}`;
      if (tty) process.stderr.write(`\r${line}`);
      else if (pct % 10 === 0 || done === total) process.stderr.write(`${line}\n`);
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}

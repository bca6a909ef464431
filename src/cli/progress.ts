import { SingleBar } from 'cli-progress';

export interface ProgressBar {
  /** `done` of `total` so far; `what` is shown after the counts */
  update(done: number, total: number, what?: string): void;
  /** prints a line of its own (on standard output unless `to` says), the bar staying below it on a terminal */
  log(line: string, to?: NodeJS.WritableStream): void;
  /** the end: a terminal keeps the finished bar on its line */
  done(): void;
}

/** the longest wait a timer may have: a bar on a log writes its lines from update(), never by the clock */
const NEVER = 2 ** 31 - 1;

/**
 * Where a bar writes when its stream is not a terminal: whole lines, a line equal to the one before it
 * left out (cli-progress writes the last state again when it stops).
 */
function lines(out: NodeJS.WritableStream): NodeJS.WritableStream {
  let last = '';
  let line = '';
  const write = (s: string) => {
    line += s;
    if (line.endsWith('\n')) {
      if (line !== last) out.write(line);
      last = line;
      line = '';
    }
    return true;
  };
  return { isTTY: false, write } as unknown as NodeJS.WritableStream;
}

/**
 * A one-line progress bar on stderr (cli-progress), `label [####......]  40% 400/1000 what`; when
 * stderr is not a terminal, a plain line at the start, at each tenth of the way and at the end.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const tty = stream.isTTY === true;
  const bar = new SingleBar({
    stream: tty ? stream : lines(stream),
    // the label is the caller's text: braces in it are not placeholders
    format: `${label.replace(/[{}]/g, '')} [{bar}] {percentage}% {value}/{total} {what}`,
    barsize: 30,
    barCompleteChar: '#',
    barIncompleteChar: '.',
    autopadding: true,
    // a terminal is redrawn by the clock (10 a second); a log gets a line per tenth from update()
    noTTYOutput: true,
    notTTYSchedule: NEVER,
    forceRedraw: tty,
    // lines longer than the terminal are cut rather than wrapped (never by turning wrapping off, which an
    // interrupted command would leave off)
    linewrap: true,
    // on a log the last line was written at the end already: no empty line after it
    clearOnComplete: !tty,
  });
  let started = false;
  let tenth = -1;
  const tenthOf = (done: number, total: number) => (total ? Math.floor((done / total) * 10) : 10);
  return {
    update(done, total, what = '') {
      if (!started) {
        started = true;
        tenth = tenthOf(done, total);
        bar.start(total, done, { what });
        return;
      }
      bar.setTotal(total);
      bar.update(done, { what });
      const now = tenthOf(done, total);
      if (!tty && now !== tenth) bar.render();
      tenth = now;
    },
    log(line, to = process.stdout) {
      if (tty && started) {
        stream.write('\r\x1b[K');
        to.write(`${line}\n`);
        // the bar goes on below the line: where cli-progress puts the cursor back when it stops
        stream.write('\x1b7');
        bar.render();
      } else to.write(`${line}\n`);
    },
    done() {
      if (started) bar.stop();
    },
  };
}

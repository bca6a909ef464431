import { dayBounds, offsetFormatter } from '../domain/time.js';
import type { Freshness } from '../store/changes.js';
import type { Db } from '../store/db.js';
import { rollInZone } from '../store/facilities.js';

const MARK = '\u0000custodia-at\u0000';

/**
 * The live roll of each facility as JSON text, kept while the register has not moved (every change to
 * cells, capacities, occupancy and today's movements is a register append) and the day has not
 * turned in the facility's time zone. Only its time (`at`) is written anew for each answer.
 */
export class LiveRolls {
  private held = new Map<
    string,
    {
      version: number;
      from: number;
      until: number;
      at: (ms: number) => string;
      head: Buffer;
      tail: Buffer;
      /** the last answer made, and its millisecond: answers within one share it */
      last: { ms: number; body: Buffer } | null;
    }
  >();

  constructor(
    private readonly db: Db,
    private readonly fresh: Freshness,
  ) {}

  /** The live roll of a facility as JSON (UTF-8). */
  async json(code: string): Promise<Buffer> {
    const now = new Date();
    const t = now.getTime();
    const e = this.held.get(code);
    if (e && this.fresh.holds('register', e.version) && t >= e.from && t < e.until) {
      if (e.last?.ms !== t)
        e.last = { ms: t, body: Buffer.concat([e.head, Buffer.from(JSON.stringify(e.at(t))), e.tail]) };
      return e.last.body;
    }
    // the version before reading: a write committed meanwhile makes this answer stale at once
    const version = this.fresh.version('register');
    const { roll: r, timezone } = await rollInZone(this.db, code);
    const text = JSON.stringify({ ...r, at: MARK });
    const i = text.indexOf(JSON.stringify(MARK));
    const head = Buffer.from(text.slice(0, i));
    const tail = Buffer.from(text.slice(i + JSON.stringify(MARK).length));
    const day = dayBounds(now, timezone);
    const clock = offsetFormatter(now, timezone);
    if (this.fresh.holds('register', version))
      this.held.set(code, {
        version,
        from: day.start.getTime(),
        // the day turns, or the clocks change
        until: Math.min(day.end.getTime(), clock.until),
        at: clock.format,
        head,
        tail,
        last: null,
      });
    return Buffer.concat([head, Buffer.from(JSON.stringify(r.at)), tail]);
  }
}

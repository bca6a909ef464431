import { dayBounds, formatIn } from '../domain/time.js';
import type { Freshness } from '../store/changes.js';
import type { Db } from '../store/db.js';
import { facilityRow, roll } from '../store/facilities.js';

const MARK = '\u0000custodia-at\u0000';

/**
 * The live roll of each facility as JSON text, kept while the register has not moved (every change to
 * cells, capacities, occupancy and today's movements is a register append) and the day has not
 * turned in the facility's time zone. Only its time (`at`) is written anew for each answer.
 */
export class LiveRolls {
  private held = new Map<
    string,
    { version: number; from: number; until: number; tz: string; head: string; tail: string }
  >();

  constructor(
    private readonly db: Db,
    private readonly fresh: Freshness,
  ) {}

  async json(code: string): Promise<string> {
    const now = new Date();
    const t = now.getTime();
    const e = this.held.get(code);
    if (e && this.fresh.live && e.version === this.fresh.version('register') && t >= e.from && t < e.until)
      return e.head + JSON.stringify(formatIn(now, e.tz)) + e.tail;
    // the version before reading: a write committed meanwhile makes this answer stale at once
    const version = this.fresh.version('register');
    const f = await facilityRow(this.db, code);
    const r = await roll(this.db, code);
    const text = JSON.stringify({ ...r, at: MARK });
    const i = text.indexOf(JSON.stringify(MARK));
    const head = text.slice(0, i);
    const tail = text.slice(i + JSON.stringify(MARK).length);
    const day = dayBounds(now, f.timezone);
    if (this.fresh.live)
      this.held.set(code, {
        version,
        from: day.start.getTime(),
        until: day.end.getTime(),
        tz: f.timezone,
        head,
        tail,
      });
    return head + JSON.stringify(r.at) + tail;
  }
}

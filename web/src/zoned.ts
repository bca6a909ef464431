/** Wall-clock times in a facility's time zone (datetime-local inputs) and instants. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wall clock in `tz` at an instant. */
function wallClock(ms: number, tz: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    y: get('year'),
    mo: get('month'),
    d: get('day'),
    h: get('hour') % 24,
    mi: get('minute'),
    s: get('second'),
  };
}

/** How far `tz` is ahead of UTC at an instant, in milliseconds. */
function offsetAt(ms: number, tz: string): number {
  const w = wallClock(ms, tz);
  const whole = ms - (((ms % 1000) + 1000) % 1000);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - whole;
}

/** The value of a datetime-local input for the instant, on the wall clock of `tz`. */
export function localValue(ms: number, tz: string): string {
  const w = wallClock(ms, tz);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}

/**
 * A datetime-local value (`2026-03-01T14:30`, or with a space), read on the wall clock of `tz`, as an RFC 3339 instant
 * with that zone's offset (`2026-03-01T14:30:00-03:00`). A time skipped by a clock change is read
 * with the offset before the change. Null when the value is not a date and time.
 */
export function zonedToRfc3339(local: string, tz: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  if (Number.isNaN(wall)) return null;
  // the zone's offsets half a day either side: a wall-clock time read with the one that fits (the
  // earlier instant when both do, as when clocks go back); in a gap, with the offset before it
  const before = wall - offsetAt(wall - 12 * 3600_000, tz);
  const after = wall - offsetAt(wall + 12 * 3600_000, tz);
  const fits = [before, after].filter((c) => offsetAt(c, tz) === wall - c);
  const at = fits.length ? Math.min(...fits) : before;
  const off = offsetAt(at, tz) / 60000;
  const sign = off < 0 ? '-' : '+';
  const w = wallClock(at, tz);
  return (
    `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}` +
    `${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  );
}

/** Times are shown in the facility's time zone, in the reader's language. */
export function formatTime(iso: string | null | undefined, timeZone: string, lang: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang === 'es' ? 'es' : 'en-GB', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  // a calendar date (YYYY-MM-DD) has no zone: show it as written
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(lang === 'es' ? 'es' : 'en-GB', {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

export const percent = (x: number | null | undefined, lang: string) =>
  x === null || x === undefined
    ? '—'
    : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(x);

export const number = (x: number, lang: string) => new Intl.NumberFormat(lang).format(x);

/**
 * A colour for an occupancy ratio (0 → green, 1 → amber, ≥ 2 → red), dark enough for white text to
 * keep a contrast of at least 5:1 everywhere on the scale (WCAG AA asks 4.5:1).
 */
export function occupancyColour(ratio: number | null | undefined): string {
  const x = Math.min(Math.max(ratio ?? 0, 0), 2) / 2;
  return `hsl(${Math.round(130 - 130 * x)} 65% ${(30 - 6 * x).toFixed(1)}%)`;
}

/**
 * How many violations a refusal found beyond those it lists: the API lists 100 at most and says how
 * many there were in `violationsTotal` (0 when it lists them all).
 */
export const unlistedViolations = (
  p: { violations?: readonly unknown[]; violationsTotal?: number } | null | undefined,
): number => Math.max(0, (p?.violationsTotal ?? 0) - (p?.violations?.length ?? 0));

import { messages } from '../domain/messages.js';
import { formatIn } from '../domain/time.js';
import type { Violation } from '../domain/violation.js';
import type { Trx } from './register.js';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant on the facility's clock, as a person reads it: 2026-12-07 14:00. */
const clock = (iso: string, tz: string) => formatIn(new Date(iso), tz).slice(0, 16).replace('T', ' ');

/** Words of a code in both languages (`visit.kind.family` → { es: 'familiar', en: 'family' }), if any. */
const words = (prefix: string, code: unknown) =>
  typeof code === 'string' ? (messages[`${prefix}.${code}`] ?? code) : code;

/**
 * The refusals of a visit in the words a person reads: visitors and people by their names (the ids
 * stay in `visitorId`/`personId` params), kinds and statuses in the reader's language, instants on the
 * facility's clock. Only refusals pass here, so the extra read costs a booking nothing.
 */
export async function visitWords(trx: Trx, violations: Violation[], tz: string): Promise<Violation[]> {
  const visitors = new Set<string>();
  const people = new Set<string>();
  for (const v of violations) {
    const p = v.params ?? {};
    if (typeof p.visitor === 'string') visitors.add(p.visitor);
    for (const k of ['person', 'other']) if (typeof p[k] === 'string') people.add(p[k] as string);
  }
  const names = new Map<string, string>();
  if (visitors.size)
    for (const r of await trx
      .selectFrom('visitor')
      .select(['id', 'given_names', 'family_names'])
      .where('id', 'in', [...visitors])
      .execute())
      names.set(`visitor:${r.id}`, `${r.given_names} ${r.family_names}`);
  if (people.size)
    for (const r of await trx
      .selectFrom('person')
      .select(['id', 'given_names', 'family_names'])
      .where('id', 'in', [...people])
      .execute())
      names.set(`person:${r.id}`, `${r.given_names} ${r.family_names}`);
  return violations.map((v) => {
    const p: Record<string, unknown> = { ...v.params };
    for (const [k, val] of Object.entries(p))
      if (typeof val === 'string' && INSTANT.test(val)) p[k] = clock(val, tz);
    if (typeof p.visitor === 'string') {
      p.visitorId = p.visitor;
      p.visitor = names.get(`visitor:${p.visitor}`) ?? p.visitor;
    }
    for (const k of ['person', 'other'])
      if (typeof p[k] === 'string') {
        p[`${k}Id`] = p[`${k}Id`] ?? p[k];
        p[k] = names.get(`person:${p[k]}`) ?? p[k];
      }
    if ('kind' in p) p.kind = words('visit.kind', p.kind);
    if ('enrolledAs' in p) p.enrolledAs = words('visitor.kind', p.enrolledAs);
    if ('status' in p) p.status = words('visit.status', p.status);
    if (Array.isArray(p.sessions))
      p.sessions = p.sessions.map((s: unknown) =>
        s && typeof s === 'object' && 'startsAt' in s && 'endsAt' in s
          ? `${clock(String(s.startsAt), tz)}–${clock(String(s.endsAt), tz).slice(11)}`
          : s,
      );
    return { ...v, params: p };
  });
}

import type { GroupRivalry, PairRule } from '../housing/model.js';
import type { Violation } from '../violation.js';
import type { VisitKind } from './visits.js';

/**
 * Visit sessions and who may share one (docs/daily-life.md; issue 16: "visit sessions per facility
 * with capacity, so booking can say 'full'"; "a visit never books two people who must be kept apart
 * into the same session").
 */

export interface SessionSlot {
  sessionId: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  kinds: readonly string[];
  /** visits booked or held in it */
  taken: number;
}

/**
 * The session a visit takes a place in: the earliest session of the facility that takes its kind and
 * whose time holds the visit's, with a place free. `sessions` are the facility's sessions on the
 * visit's (local) day.
 * - `visit-session-full` (409, subject `startsAt`): every session holding the visit is full.
 * - `outside-visit-session` (409, subject `startsAt`): the facility offers sessions of that kind that
 *   day, and none holds the visit: visits are in the sessions then.
 * A legal visit is exempt from both (Mandela rule 61: a legal adviser is seen without delay): it takes
 * a free place in a session that holds it, or is booked outside sessions.
 */
export function chooseSession(
  kind: VisitKind,
  startsAt: Date,
  endsAt: Date,
  sessions: readonly SessionSlot[],
): { sessionId: string | null; violations: Violation[] } {
  const ofKind = sessions
    .filter((s) => s.kinds.includes(kind))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.sessionId.localeCompare(b.sessionId));
  const holding = ofKind.filter((s) => s.startsAt <= startsAt && endsAt <= s.endsAt);
  const free = holding.find((s) => s.taken < s.capacity);
  if (free) return { sessionId: free.sessionId, violations: [] };
  if (kind === 'legal') return { sessionId: null, violations: [] };
  const full = holding[0];
  if (full)
    return {
      sessionId: null,
      violations: [
        {
          rule: 'visit-session-full',
          subject: 'startsAt',
          params: {
            session: full.sessionId,
            capacity: full.capacity,
            startsAt: full.startsAt.toISOString(),
            endsAt: full.endsAt.toISOString(),
          },
        },
      ],
    };
  if (ofKind.length)
    return {
      sessionId: null,
      violations: [
        {
          rule: 'outside-visit-session',
          subject: 'startsAt',
          params: {
            kind,
            // instants: the store puts them in the facility's clock (src/store/visit-words.ts)
            sessions: ofKind.map((s) => ({
              startsAt: s.startsAt.toISOString(),
              endsAt: s.endsAt.toISOString(),
            })),
          },
        },
      ],
    };
  return { sessionId: null, violations: [] };
}

/** Someone with a visit at the same time: whose, and their groups (custody.groups). */
export interface Visiting {
  personId: string;
  visitId: string;
  groups: readonly string[];
}

/**
 * Why two people must not meet in a visit room, if they must not: an open individual non-association
 * of any scope (a visit room is shared whatever the housing scope), or rival groups kept apart in the
 * whole facility (scope `facility`; rivalries of a smaller scope are about housing only).
 */
export function keptApart(
  a: { personId: string; groups: readonly string[] },
  b: { personId: string; groups: readonly string[] },
  pairs: readonly PairRule[],
  rivalries: readonly GroupRivalry[],
): { pair: PairRule } | { groups: [string, string] } | null {
  if (a.personId === b.personId) return null;
  const pair = pairs.find(
    (p) => (p.a === a.personId && p.b === b.personId) || (p.a === b.personId && p.b === a.personId),
  );
  if (pair) return { pair };
  for (const r of rivalries) {
    if (r.scope !== 'facility') continue;
    if (a.groups.includes(r.a) && b.groups.includes(r.b)) return { groups: [r.a, r.b] };
    if (a.groups.includes(r.b) && b.groups.includes(r.a)) return { groups: [r.b, r.a] };
  }
  return null;
}

/**
 * `non-association` (409, subject `personId`): a person is not booked into a visit session (or, with no
 * session, a time at the facility) where someone they must be kept apart from has a visit (Mandela rule
 * 36: order and safety; the housing rules of docs/housing.md). Legal visits are held apart and in
 * confidence (rule 61), so they are not checked, neither the new one nor the others' (`others` are
 * the non-legal visits booked or held then). `where` names the session or time in words; the
 * words are the visits' own (`visit.non-association…`), the rule id the contract's.
 */
export function checkNonAssociation(
  kind: VisitKind,
  person: { personId: string; groups: readonly string[] },
  others: readonly Visiting[],
  pairs: readonly PairRule[],
  rivalries: readonly GroupRivalry[],
  where: string,
): Violation[] {
  if (kind === 'legal') return [];
  const out: Violation[] = [];
  const named = new Set<string>();
  for (const o of others) {
    if (named.has(o.personId)) continue;
    const why = keptApart(person, o, pairs, rivalries);
    if (!why) continue;
    named.add(o.personId);
    out.push({
      rule: 'non-association',
      subject: 'personId',
      message: 'pair' in why ? 'visit.non-association' : 'visit.non-association.rival-group',
      params: {
        person: person.personId,
        other: o.personId,
        otherId: o.personId,
        visit: o.visitId,
        when: where,
        ...('pair' in why
          ? { scope: why.pair.scope, kind: 'individual' }
          : { scope: 'facility', kind: 'rival-group', group: why.groups[0], rival: why.groups[1] }),
      },
    });
  }
  return out;
}

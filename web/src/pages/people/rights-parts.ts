/**
 * What the register events of discipline, requests and complaints say (docs/discipline.md,
 * docs/complaints.md), in parts the timeline translates; the words are in the people namespace
 * (web/src/locales/rights-timeline.ts). Pure, so it is tested without a browser.
 */

import type { EventKind } from '../../../../src/domain/register/events.js';
import type { Label, Part, PayloadAsRead, TimelineEntry } from './event-parts.js';

const is = <K extends EventKind>(e: TimelineEntry, kind: K): e is TimelineEntry & { kind: K } =>
  e.kind === kind;
const payload = <K extends EventKind>(e: TimelineEntry & { kind: K }) => e.payload as PayloadAsRead<K>;
/** A value for a message: '—' when there is none. */
const v = (x: unknown) => (x === undefined || x === null || x === '' ? '—' : String(x));
const label = (prefix: string, x: unknown): Label => ({ key: `${prefix}.${v(x)}`, fallback: v(x) });
/** An instant as recorded, to the minute (`2026-03-01T10:00-03:00`). */
const minute = (x: unknown) =>
  typeof x === 'string' ? x.replace(/:\d\d(\.\d+)?(?=(Z|[+-]\d\d:\d\d)$)/, '') : v(x);

/** The parts of a discipline or complaint event; none for any other kind. */
export function rightsParts(e: TimelineEntry): Part[] {
  if (is(e, 'discipline.charged')) {
    const p = payload(e);
    return [
      {
        key: 'rightsDetails.charged',
        params: {
          code: v(p.offence?.code),
          severity: label('rightsSeverity', p.offence?.severity),
          incident: v(p.incidentReference),
          occurredAt: minute(p.occurredAt),
        },
      },
      ...(p.offence?.description ? [{ text: p.offence.description }] : []),
    ];
  }
  if (is(e, 'discipline.notice-given'))
    return [{ key: 'rightsDetails.notice', params: { language: v(payload(e).language) } }];
  if (is(e, 'discipline.heard')) {
    const p = payload(e);
    const parts: Part[] = [
      {
        key: 'rightsDetails.heard',
        params: {
          outcome: label('rightsOutcome', p.outcome),
          adjudicator: v(p.adjudicator),
          heard: label('rightsHeard', p.heard === undefined ? undefined : p.heard ? 'yes' : 'no'),
        },
      },
    ];
    for (const s of p.sanctions ?? [])
      parts.push(
        typeof s.days === 'number'
          ? {
              key: 'rightsDetails.sanction',
              params: { kind: label('rightsSanction', s.kind), count: s.days },
            }
          : { label: label('rightsSanction', s.kind) },
      );
    return parts;
  }
  if (is(e, 'discipline.appealed'))
    return [{ key: 'rightsDetails.appealed', params: { grounds: v(payload(e).grounds) } }];
  if (is(e, 'discipline.appeal-decided')) {
    const p = payload(e);
    const parts: Part[] = [
      {
        key: 'rightsDetails.decided',
        params: { outcome: label('rightsAppeal', p.outcome), by: v(p.decidedBy) },
      },
    ];
    if (p.lifted?.length) parts.push({ key: 'rightsDetails.lifted', params: { count: p.lifted.length } });
    return parts;
  }
  if (is(e, 'complaint.lodged')) {
    const p = payload(e);
    const parts: Part[] = [
      {
        key: 'rightsDetails.lodged',
        params: { addressee: label('rightsAddressee', p.addressee), subject: v(p.subject) },
      },
    ];
    if (p.confidential) parts.push({ key: 'rightsDetails.confidential' });
    return parts;
  }
  if (is(e, 'complaint.answered'))
    return [{ key: 'rightsDetails.answered', params: { text: v(payload(e).text) } }];
  return [];
}

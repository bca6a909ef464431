import { describe, expect, it } from 'vitest';
import complaintsLocale from '../../web/src/locales/complaints.js';
import disciplineLocale from '../../web/src/locales/discipline.js';
import rightsTimeline from '../../web/src/locales/rights-timeline.js';
import {
  complaintBody,
  fieldOf as complaintField,
  EMPTY_COMPLAINT,
  inboxPath,
  mayAnswer,
  responseBody,
  responseLate,
} from '../../web/src/pages/complaints/complaints.js';
import {
  appealBody,
  type Catalogue,
  chargeBody,
  decisionBody,
  EMPTY_CHARGE,
  EMPTY_HEARING,
  fieldOf,
  hearingBody,
  maxDays,
  mayWrite,
  noticeBody,
  noticeLate,
  sanctionKinds,
} from '../../web/src/pages/discipline/discipline.js';
import type { TimelineEntry } from '../../web/src/pages/people/event-parts.js';
import { eventParts } from '../../web/src/pages/people/event-parts.js';

const SANTIAGO = 'America/Santiago';

describe('the discipline forms’ requests', () => {
  it('a charge: the catalogue’s code (or the one typed), the time on the facility’s clock', () => {
    expect(
      chargeBody(
        'p-1',
        {
          ...EMPTY_CHARGE,
          incidentReference: ' INC-7 ',
          offence: 'cl-78-a',
          code: 'ignored',
          severity: 'grave',
          description: ' Riña ',
          occurredAt: '2026-12-07T10:00',
        },
        SANTIAGO,
      ),
    ).toEqual({
      personId: 'p-1',
      incidentReference: 'INC-7',
      offence: { code: 'cl-78-a', severity: 'grave', description: 'Riña' },
      occurredAt: '2026-12-07T10:00:00-03:00',
    });
    expect(chargeBody('p-1', { ...EMPTY_CHARGE, code: ' X-1 ', occurredAt: 'ayer' }, SANTIAGO)).toMatchObject(
      {
        offence: { code: 'X-1' },
        occurredAt: 'ayer',
      },
    );
  });

  it('notice, appeal, decision: the time only when given', () => {
    expect(noticeBody({ givenAt: '', language: ' es ' }, SANTIAGO)).toEqual({ language: 'es' });
    expect(noticeBody({ givenAt: '2026-07-01T09:30', language: 'ht' }, SANTIAGO)).toEqual({
      givenAt: '2026-07-01T09:30:00-04:00',
      language: 'ht',
    });
    expect(appealBody({ lodgedAt: '', grounds: ' Defensa propia ' }, SANTIAGO)).toEqual({
      grounds: 'Defensa propia',
    });
    expect(
      decisionBody({ decidedAt: '', decidedBy: ' Director ', outcome: 'quashed', reason: ' Sí ' }, SANTIAGO),
    ).toEqual({ decidedBy: 'Director', outcome: 'quashed', reason: 'Sí' });
  });

  it('a hearing: optional fields left out when empty, days as numbers, a warning without days', () => {
    expect(hearingBody({ ...EMPTY_HEARING, adjudicator: ' Alcaide ' }, SANTIAGO)).toEqual({
      adjudicator: 'Alcaide',
      heard: true,
      outcome: 'proved',
    });
    expect(
      hearingBody(
        {
          ...EMPTY_HEARING,
          adjudicator: 'A',
          heard: false,
          outcome: 'dismissed',
          interpreter: ' Intérprete ',
          plea: 'denied',
          sanctions: [
            { kind: 'isolation', days: '5' },
            { kind: 'warning', days: '' },
            { kind: 'visit-restriction', days: 'diez' },
          ],
        },
        SANTIAGO,
      ),
    ).toEqual({
      adjudicator: 'A',
      heard: false,
      outcome: 'dismissed',
      interpreter: 'Intérprete',
      plea: 'denied',
      sanctions: [
        { kind: 'isolation', days: 5 },
        { kind: 'warning' },
        { kind: 'visit-restriction', days: 'diez' },
      ],
    });
  });

  it('the field a refusal names', () => {
    expect(fieldOf('charge', 'offence.code')).toBe('code');
    expect(fieldOf('charge', '/offence/severity')).toBe('severity');
    expect(fieldOf('charge', 'personId')).toBe('person');
    expect(fieldOf('hearing', 'sanctions[1].days')).toBe('sanctions');
    expect(fieldOf('hearing', 'heldAt')).toBe('heldAt');
    expect(fieldOf('hearing', 'chargeId')).toBeNull();
    expect(fieldOf('notice', undefined)).toBeNull();
  });

  it('the sanctions offered and their limits: the catalogue’s, never the prohibited ones', () => {
    const c: Catalogue = {
      profile: 'cl',
      offences: [],
      sanctions: {
        warning: { rule: 'r', ref: 'x' },
        isolation: { maxDays: 20, rule: 'r', ref: 'x' },
        'family-contact-ban': { rule: 'r', ref: 'x' },
      },
      isolation: { maxDays: 10, rule: 'cl-iso', ref: 'x' },
    };
    expect(sanctionKinds(c)).toEqual(['warning', 'isolation']);
    expect(maxDays(c, 'isolation')).toBe(10);
    expect(maxDays(c, 'warning')).toBeNull();
    expect(sanctionKinds(undefined)).toEqual([
      'warning',
      'loss-of-privileges',
      'visit-restriction',
      'isolation',
    ]);
    expect(maxDays(undefined, 'isolation')).toBe(15);
  });

  it('who writes what, and a late notice', () => {
    expect(mayWrite(['officer'], 'charge')).toBe(true);
    expect(mayWrite(['officer'], 'hearing')).toBe(false);
    expect(mayWrite(['records'], 'appeal')).toBe(true);
    expect(mayWrite(['inspector'], 'notice')).toBe(false);
    const due = '2026-12-07T10:00:00Z';
    expect(noticeLate({ status: 'awaiting-notice', noticeDue: due }, Date.parse(due) + 1)).toBe(true);
    expect(noticeLate({ status: 'awaiting-hearing', noticeDue: due }, Date.parse(due) + 1)).toBe(false);
    expect(noticeLate({ status: 'awaiting-notice', noticeDue: due }, Date.parse(due) - 1)).toBe(false);
  });
});

describe('the complaints forms’ requests', () => {
  it('confidential and the time received only when given', () => {
    expect(
      complaintBody('p-1', { ...EMPTY_COMPLAINT, subject: ' Comida ', text: ' Fría ' }, SANTIAGO),
    ).toEqual({ personId: 'p-1', addressee: 'governor', subject: 'Comida', text: 'Fría' });
    expect(
      complaintBody(
        'p-1',
        { ...EMPTY_COMPLAINT, addressee: 'inspector', confidential: true, receivedAt: '2026-12-07T08:00' },
        SANTIAGO,
      ),
    ).toMatchObject({ addressee: 'inspector', confidential: true, receivedAt: '2026-12-07T08:00:00-03:00' });
    expect(responseBody({ text: ' Sí ', respondedAt: '' }, SANTIAGO)).toEqual({ text: 'Sí' });
    expect(complaintField('complaint', '/confidential')).toBe('confidential');
    expect(complaintField('response', 'text')).toBe('text');
  });

  it('the inbox asked, who answers which, a late answer', () => {
    expect(inboxPath('CDP-SUR', 'open', '')).toBe('/complaints?facility=CDP-SUR&status=open');
    expect(inboxPath('CDP-SUR', 'all', 'inspector')).toBe(
      '/complaints?facility=CDP-SUR&status=all&addressee=inspector',
    );
    expect(mayAnswer(['inspector'], 'inspector')).toBe(true);
    expect(mayAnswer(['governor'], 'inspector')).toBe(false);
    expect(mayAnswer(['records'], 'judge')).toBe(true);
    expect(mayAnswer(['records'], 'governor')).toBe(false);
    expect(responseLate({ response: null, responseDue: '2026-01-01T00:00:00Z' }, Date.now())).toBe(true);
    expect(
      responseLate(
        { response: { text: 'x', respondedAt: '2026-01-02T00:00:00Z' }, responseDue: '2026-01-01T00:00:00Z' },
        Date.now(),
      ),
    ).toBe(false);
  });
});

describe('the timeline’s words for discipline and complaints', () => {
  const entry = (kind: string, payload: object) =>
    ({
      seq: 1,
      kind,
      effectiveAt: '2026-12-07T10:00:00Z',
      payload,
      correctedBy: [],
    }) as unknown as TimelineEntry;

  it('a charge, a hearing with its sanctions, an appeal decided, a complaint', () => {
    expect(
      eventParts(
        entry('discipline.charged', {
          chargeId: 'c',
          incidentReference: 'INC-7',
          offence: { code: 'cl-78-a', severity: 'grave', description: 'Riña' },
          occurredAt: '2026-12-07T09:00:00-03:00',
        }),
        'p',
      ),
    ).toEqual([
      {
        key: 'rightsDetails.charged',
        params: {
          code: 'cl-78-a',
          severity: { key: 'rightsSeverity.grave', fallback: 'grave' },
          incident: 'INC-7',
          occurredAt: '2026-12-07T09:00-03:00',
        },
      },
      { text: 'Riña' },
    ]);
    const heard = eventParts(
      entry('discipline.heard', {
        adjudicator: 'Alcaide',
        heard: true,
        outcome: 'proved',
        sanctions: [
          { kind: 'isolation', days: 5 },
          { kind: 'warning', days: null },
        ],
      }),
      'p',
    );
    expect(heard.slice(1)).toEqual([
      {
        key: 'rightsDetails.sanction',
        params: { kind: { key: 'rightsSanction.isolation', fallback: 'isolation' }, count: 5 },
      },
      { label: { key: 'rightsSanction.warning', fallback: 'warning' } },
    ]);
    const decided = eventParts(
      entry('discipline.appeal-decided', { outcome: 'quashed', decidedBy: 'D', reason: 'R', lifted: ['s'] }),
      'p',
    );
    // the reason is said once, by the timeline's common part
    expect(decided.map((x) => ('key' in x ? x.key : null))).toEqual([
      'rightsDetails.decided',
      'rightsDetails.lifted',
      'details.reason',
    ]);
    expect(
      eventParts(
        entry('complaint.lodged', { addressee: 'inspector', subject: 'S', confidential: true }),
        'p',
      ),
    ).toEqual([
      {
        key: 'rightsDetails.lodged',
        params: { addressee: { key: 'rightsAddressee.inspector', fallback: 'inspector' }, subject: 'S' },
      },
      { key: 'rightsDetails.confidential' },
    ]);
  });

  it('every word in both languages', () => {
    const keys = (o: object, at = ''): string[] =>
      Object.entries(o).flatMap(([k, x]) => (typeof x === 'object' ? keys(x, `${at}${k}.`) : [`${at}${k}`]));
    const plain = (ks: string[]) => new Set(ks.map((k) => k.replace(/_(one|many|other)$/, '')));
    for (const l of [disciplineLocale, complaintsLocale, rightsTimeline])
      expect([...plain(keys(l.es))].sort()).toEqual([...plain(keys(l.en))].sort());
  });
});

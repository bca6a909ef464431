import { describe, expect, it } from 'vitest';
import {
  checkAnswer,
  checkAnswerer,
  checkConfidential,
  checkReceived,
  responseDue,
  seesConfidential,
  withoutConfidential,
} from '../../src/domain/complaints/complaint.js';
import { t } from '../../src/domain/messages.js';

/** The rules of requests and complaints (src/domain/complaints/complaint.ts). */
describe('complaint rules', () => {
  it('keeps confidence for complaints to the inspector only', () => {
    expect(checkConfidential('inspector', true)).toEqual([]);
    expect(checkConfidential('governor', false)).toEqual([]);
    for (const a of ['governor', 'judge'] as const)
      expect(checkConfidential(a, true)).toMatchObject([
        { rule: 'confidential-to-inspector', subject: 'confidential' },
      ]);
  });

  it('has the addressee answer: the governor, the inspector, records or the governor for a judge', () => {
    expect(checkAnswerer('governor', ['governor'])).toEqual([]);
    expect(checkAnswerer('governor', ['records', 'officer', 'inspector'])).toMatchObject([
      { rule: 'complaint-addressee' },
    ]);
    expect(checkAnswerer('inspector', ['inspector'])).toEqual([]);
    expect(checkAnswerer('inspector', ['governor', 'admin'])).toHaveLength(1);
    expect(checkAnswerer('judge', ['records'])).toEqual([]);
    expect(checkAnswerer('judge', ['governor'])).toEqual([]);
    expect(checkAnswerer('judge', ['officer', 'medical'])).toHaveLength(1);
  });

  it('answers once, not before the complaint was received; a complaint is not older than the arrival', () => {
    const c = { id: 'q1', receivedAt: new Date('2026-11-03T13:00:00Z'), respondedAt: null };
    expect(checkAnswer(c, new Date('2026-11-03T13:00:00Z'))).toEqual([]);
    expect(checkAnswer(c, new Date('2026-11-03T12:59:59Z'))).toMatchObject([
      { rule: 'time-before-start', subject: 'respondedAt' },
    ]);
    expect(checkAnswer({ ...c, respondedAt: new Date('2026-11-04T00:00:00Z') }, new Date())).toMatchObject([
      { rule: 'complaint-answered' },
    ]);
    expect(checkReceived(new Date('2026-11-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'))).toEqual([]);
    expect(checkReceived(new Date('2026-10-31T23:59:59Z'), new Date('2026-11-01T00:00:00Z'))).toMatchObject([
      { rule: 'time-before-admission', subject: 'receivedAt' },
    ]);
  });

  it('takes the earliest deadline', () => {
    expect(responseDue([])).toBeNull();
    expect(responseDue([new Date('2026-12-03Z'), new Date('2026-11-20Z')])).toEqual(new Date('2026-11-20Z'));
  });

  it('shows confidential complaints to inspectors only, and withholds them, their duties and events from others', () => {
    expect(seesConfidential(['inspector'])).toBe(true);
    expect(seesConfidential(['governor', 'records', 'officer', 'medical', 'admin'])).toBe(false);
    const file = {
      complaints: [
        { complaintId: 'open', confidential: false },
        { complaintId: 'secret', confidential: true },
      ],
      duties: [{ id: 'd-open' }, { id: 'd-secret' }],
      timeline: [
        { kind: 'custody.admitted', payload: {} },
        { kind: 'complaint.lodged', payload: { complaintId: 'open', confidential: false } },
        { kind: 'complaint.lodged', payload: { complaintId: 'secret', confidential: true } },
        { kind: 'complaint.answered', payload: { complaintId: 'secret', text: 'x' } },
        // a past reach's timeline: the complaint is not in `complaints`, its event says it is secret
        { kind: 'complaint.lodged', payload: { complaintId: 'elsewhere', confidential: true } },
        { kind: 'complaint.answered', payload: { complaintId: 'elsewhere', text: 'y' } },
      ],
    };
    const seen = withoutConfidential(file, new Set(['d-secret']));
    expect(seen.complaints.map((c) => c.complaintId)).toEqual(['open']);
    expect(seen.duties).toEqual([{ id: 'd-open' }]);
    expect(seen.timeline.map((e) => e.kind)).toEqual(['custody.admitted', 'complaint.lodged']);
  });

  it('says each refusal in Spanish and English', () => {
    for (const key of [
      'confidential-to-inspector',
      'complaint-answered',
      'complaint-addressee',
      'unknown-complaint',
    ])
      for (const lang of ['es', 'en'] as const) expect(t(key, lang)).not.toBe(key);
    const [v] = checkConfidential('judge', true);
    expect(t(v!.rule, 'es', v!.params)).toBe(
      'Solo una queja dirigida al inspector puede ser confidencial (esta se dirige a: un juez).',
    );
    expect(t('finding.overdue.complaint-response', 'en', { person: 'p1', due: 'd' })).toBe(
      'Answer to a request or complaint for p1: overdue since d.',
    );
  });
});

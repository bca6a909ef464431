import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { pickLang, t } from '../../domain/messages.js';
import { check, compare, summarise } from '../../domain/safeguards/compliance.js';
import { FLOOR, PROFILES } from '../../domain/safeguards/profiles/index.js';
import { formatIn } from '../../domain/time.js';
import { invalid } from '../../domain/violation.js';
import type { Store } from '../../store/db.js';
import { alerts } from '../../store/safeguards/alerts.js';
import { complianceInput } from '../../store/safeguards/compliance.js';
import { recordDeath } from '../../store/safeguards/deaths.js';
import { fulfilDuty } from '../../store/safeguards/duties.js';
import { MEDICAL_DUTIES, recordExamination } from '../../store/safeguards/medical.js';
import { getRegime, setRegime } from '../../store/safeguards/regime.js';
import { endSegregation, reviewSegregation, startSegregation } from '../../store/safeguards/segregation.js';
import { assertFacility, visibleFacilities } from '../auth.js';
import { complianceHtml } from '../compliance-report.js';
import { HttpProblem } from '../problem.js';
import { RegimeBody } from '../schemas.js';

const Code = Type.Object({ code: Type.String() });
const ComplianceQuery = Type.Object({
  profile: Type.Optional(
    Type.String({ description: `one of ${Object.keys(PROFILES).join(', ')}; default un-mandela` }),
  ),
  compare: Type.Optional(Type.String({ description: 'a second profile, side by side' })),
  lang: Type.Optional(Type.String({ enum: ['es', 'en'] })),
  limit: Type.Optional(
    Type.String({
      pattern: '^[0-9]+$',
      description: 'findings listed per rule (default 500; the summary always counts all)',
    }),
  ),
});

/** At most `limit` findings of each rule, in order; how many of each were left out. */
function perRule<T extends { rule: string }>(
  findings: T[],
  limit: number,
): { kept: T[]; omitted: Record<string, number> } {
  const seen = new Map<string, number>();
  const omitted: Record<string, number> = {};
  const kept = findings.filter((f) => {
    const n = (seen.get(f.rule) ?? 0) + 1;
    seen.set(f.rule, n);
    if (n <= limit) return true;
    omitted[f.rule] = (omitted[f.rule] ?? 0) + 1;
    return false;
  });
  return { kept, omitted };
}

const profileOf = (id: string | undefined, field: string) => {
  const p = PROFILES[id ?? FLOOR.id];
  if (!p) throw invalid([{ rule: 'unknown-profile', subject: field, params: { profile: id } }]);
  return p;
};

export const safeguardRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/facilities/:code/regime',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['safeguards'],
          summary: 'The facility’s regime, and blocks with their own',
          params: Code,
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        return getRegime(store.db, req.params.code);
      },
    );
    app.put(
      '/facilities/:code/regime',
      {
        config: { policy: { roles: ['governor'] } },
        schema: {
          tags: ['safeguards'],
          summary: 'Set the facility’s regime',
          params: Code,
          body: RegimeBody,
        },
      },
      async (req) =>
        setRegime(store.db, req.params.code, null, req.body, req.user!.username, {
          authorize: (f) => assertFacility(req, f),
        }),
    );
    app.put(
      '/facilities/:code/units/:unit/regime',
      {
        config: { policy: { roles: ['governor'] } },
        schema: {
          tags: ['safeguards'],
          summary: 'Set a block’s own regime',
          params: Type.Object({ code: Type.String(), unit: Type.String() }),
          body: RegimeBody,
        },
      },
      async (req) =>
        setRegime(store.db, req.params.code, req.params.unit, req.body, req.user!.username, {
          authorize: (f) => assertFacility(req, f),
        }),
    );

    const report = async (code: string, q: Static<typeof ComplianceQuery>, lang: 'es' | 'en') => {
      const profile = profileOf(q.profile, 'profile');
      const other = q.compare === undefined ? undefined : profileOf(q.compare, 'compare');
      const { input, name } = await complianceInput(store.db, code);
      const findings = check(input, profile);
      return {
        facility: { code, name },
        profile,
        checkedAt: input.now,
        findings,
        summary: summarise(findings),
        comparison: other
          ? {
              a: profile.id,
              b: other.id,
              rows: compare({ id: profile.id, findings }, { id: other.id, findings: check(input, other) }),
            }
          : undefined,
        timezone: input.facility.timezone,
        lang,
      };
    };

    app.get(
      '/facilities/:code/compliance',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['safeguards'],
          summary:
            'Findings under a profile (the un-mandela floor always included), grouped by rule; ?compare= puts a second profile beside it',
          params: Code,
          querystring: ComplianceQuery,
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        const r = await report(req.params.code, req.query, req.lang);
        const { kept, omitted } = perRule(
          r.findings,
          req.query.limit === undefined ? 500 : Number(req.query.limit),
        );
        return {
          facility: r.facility.code,
          profile: r.profile.id,
          profiles: r.profile.id === FLOOR.id ? [FLOOR.id] : [FLOOR.id, r.profile.id],
          checkedAt: formatIn(r.checkedAt, r.timezone),
          summary: r.summary,
          ...(Object.keys(omitted).length ? { omitted } : {}),
          findings: kept.map((f) => ({
            rule: f.rule,
            ref: f.ref,
            severity: f.severity,
            subject: f.subject,
            message: t(f.message, req.lang, f.params),
            profile: f.profile,
            people: f.people,
            ...(f.dueAt ? { dueAt: f.dueAt } : {}),
          })),
          ...(r.comparison
            ? { comparison: { profiles: [r.comparison.a, r.comparison.b], rules: r.comparison.rows } }
            : {}),
        };
      },
    );

    app.get(
      '/facilities/:code/compliance.html',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['safeguards'],
          summary: 'The compliance report as a printable page',
          params: Code,
          querystring: ComplianceQuery,
        },
      },
      async (req, reply) => {
        assertFacility(req, req.params.code);
        const lang =
          req.query.lang === 'es' || req.query.lang === 'en'
            ? req.query.lang
            : pickLang(req.headers['accept-language']);
        const r = await report(req.params.code, req.query, lang);
        const html = complianceHtml(
          {
            facility: r.facility,
            profile: { id: r.profile.id, name: r.profile.name[lang] },
            checkedAt: formatIn(r.checkedAt, r.timezone),
            summary: r.summary,
            findings: r.findings,
            ...(r.comparison ? { comparison: r.comparison } : {}),
          },
          lang,
        );
        return reply
          .type('text/html; charset=utf-8')
          .header(
            'content-security-policy',
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
          )
          .send(html);
      },
    );

    app.get(
      '/alerts',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['safeguards'],
          summary:
            'Open deadline alerts: overdue duties and prolonged segregation, under the floor and the national profile',
          querystring: Type.Object({
            facility: Type.Optional(Type.String()),
            limit: Type.Optional(
              Type.String({
                pattern: '^[0-9]{1,6}$',
                description: 'at most this many, the most overdue first (`total` counts them all)',
              }),
            ),
          }),
        },
      },
      async (req) => {
        let facilities = visibleFacilities(req);
        if (req.query.facility) {
          assertFacility(req, req.query.facility);
          facilities = [req.query.facility];
        }
        const list = await alerts(store.db, facilities);
        const shown = req.query.limit === undefined ? list : list.slice(0, Number(req.query.limit));
        return {
          total: list.length,
          alerts: shown.map(({ params, message, ...a }) => ({ ...a, message: t(message, req.lang, params) })),
        };
      },
    );

    app.post(
      '/duties/:id/fulfil',
      {
        config: { policy: { roles: ['records', 'officer', 'governor', 'medical'] } },
        schema: {
          tags: ['safeguards'],
          summary:
            'Record that a duty was done (hearing held, examination done, family or authority notified)',
          params: Type.Object({ id: Type.String() }),
          body: Type.Object({
            doneAt: Type.Optional(Type.String({ format: 'date-time' })),
            note: Type.String({ minLength: 1, maxLength: 2000 }),
          }),
        },
      },
      async (req) => {
        // examinations and injury reports are for health-care staff; the rest for custody staff
        const duty = await store.db
          .selectFrom('duty')
          .select('kind')
          .where('id', '=', req.params.id)
          .executeTakeFirst();
        const medical = !!duty && (MEDICAL_DUTIES as readonly string[]).includes(duty.kind);
        const roles = req.user!.roles;
        if (duty && !(medical ? roles.includes('medical') : roles.some((r) => r !== 'medical')))
          throw new HttpProblem(403, 'detail.403-duty', { kind: duty.kind, roles: roles.join(', ') });
        return fulfilDuty(store.db, req.params.id, req.body, req.user!.username, {
          authorize: (f) => assertFacility(req, f),
        });
      },
    );

    app.post(
      '/medical-examinations',
      {
        config: { policy: { roles: ['medical'] } },
        schema: {
          tags: ['safeguards'],
          summary:
            'Record a medical examination (health-care staff): fulfils the admission examination; injuries found open the duty to report them',
          body: Type.Object({
            personId: Type.String({ minLength: 1, maxLength: 64 }),
            examinedAt: Type.Optional(Type.String({ format: 'date-time' })),
            findings: Type.String({ minLength: 1, maxLength: 5000 }),
            injuries: Type.Optional(Type.String({ maxLength: 5000 })),
          }),
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await recordExamination(store.db, req.body, req.user!.username, {
            authorize: (f) => assertFacility(req, f),
          }),
        ),
    );

    app.post(
      '/segregations',
      {
        config: { policy: { roles: ['governor', 'officer'] } },
        schema: {
          tags: ['safeguards'],
          summary:
            'Start a segregation (solitary confinement): who ordered it and why; more than 15 days raises mandela-44',
          body: Type.Object({
            personId: Type.String({ minLength: 1, maxLength: 64 }),
            startedAt: Type.Optional(Type.String({ format: 'date-time' })),
            authority: Type.String({ minLength: 1, maxLength: 200 }),
            reason: Type.String({ minLength: 1, maxLength: 2000 }),
          }),
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await startSegregation(store.db, req.body, req.user!.username, {
            authorize: (f) => assertFacility(req, f),
          }),
        ),
    );

    app.post(
      '/segregations/:id/end',
      {
        config: { policy: { roles: ['governor', 'officer'] } },
        schema: {
          tags: ['safeguards'],
          summary: 'End a segregation',
          params: Type.Object({ id: Type.String() }),
          body: Type.Object({
            endedAt: Type.Optional(Type.String({ format: 'date-time' })),
            note: Type.String({ minLength: 1, maxLength: 2000 }),
          }),
        },
      },
      async (req) =>
        endSegregation(store.db, req.params.id, req.body, req.user!.username, {
          authorize: (f) => assertFacility(req, f),
        }),
    );

    app.post(
      '/segregations/:id/reviews',
      {
        config: { policy: { roles: ['governor', 'medical'] } },
        schema: {
          tags: ['safeguards'],
          summary: 'Record a review of a segregation (Mandela Rule 45)',
          params: Type.Object({ id: Type.String() }),
          body: Type.Object({
            reviewedBy: Type.String({ minLength: 1, maxLength: 200 }),
            outcome: Type.String({ minLength: 1, maxLength: 2000 }),
          }),
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await reviewSegregation(store.db, req.params.id, req.body, req.user!.username, {
            authorize: (f) => assertFacility(req, f),
          }),
        ),
    );

    app.post(
      '/deaths',
      {
        config: { policy: { roles: ['records', 'governor', 'medical'] } },
        schema: {
          tags: ['safeguards'],
          summary:
            'Record a death in custody; opens the notification duties (next of kin, independent authority)',
          body: Type.Object({
            personId: Type.String({ minLength: 1, maxLength: 64 }),
            diedAt: Type.String({ format: 'date-time' }),
            circumstances: Type.String({ minLength: 1, maxLength: 5000 }),
          }),
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await recordDeath(store.db, req.body, req.user!.username, {
            authorize: (f) => assertFacility(req, f),
          }),
        ),
    );
  };

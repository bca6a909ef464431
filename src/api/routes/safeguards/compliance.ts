import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { seesConfidential } from '../../../domain/complaints/complaint.js';
import type { DeliveredFacts } from '../../../domain/daily-life/delivered.js';
import { pickLang, t } from '../../../domain/messages.js';
import type { ComplianceInput } from '../../../domain/safeguards/compliance.js';
import type { Profile } from '../../../domain/safeguards/profile.js';
import { FLOOR, PROFILES, profileById } from '../../../domain/safeguards/profiles/index.js';
import { formatIn } from '../../../domain/time.js';
import { invalid } from '../../../domain/violation.js';
import { logAccess } from '../../../store/access-log.js';
import type { Db, Store } from '../../../store/db.js';
import { complianceInput } from '../../../store/safeguards/compliance.js';
import { ComplianceReport } from '../../answers/compliance.js';
import { assertFacility, signedIn } from '../../auth.js';
import { complianceHtml } from '../../compliance-report.js';
import { bilingual } from '../../openapi/answer.js';
import type { WorkPool } from '../../pool.js';
import { complianceReport } from '../../pool-worker.js';
import { readsFor } from '../../read-routing.js';

const Code = Type.Object({ code: Type.String() });
const ComplianceQuery = Type.Object({
  profile: Type.Optional(
    Type.String({
      description: bilingual(
        `one of ${Object.keys(PROFILES).join(', ')}; default un-mandela`,
        `uno de ${Object.keys(PROFILES).join(', ')}; por defecto un-mandela`,
      ),
    }),
  ),
  compare: Type.Optional(
    Type.String({
      description: bilingual('a second profile, side by side', 'un segundo perfil, lado a lado'),
    }),
  ),
  lang: Type.Optional(Type.String({ enum: ['es', 'en'] })),
  from: Type.Optional(
    Type.String({
      format: 'date',
      description: bilingual(
        'first day judged on records of daily life (YYYY-MM-DD; default 6 days before `to`)',
        'primer día evaluado con los registros de la vida diaria (YYYY-MM-DD; por defecto 6 días antes de `to`)',
      ),
    }),
  ),
  to: Type.Optional(
    Type.String({
      format: 'date',
      description: bilingual(
        'last day judged on records (default today in the facility’s zone); at most 366 days',
        'último día evaluado con los registros (por defecto hoy en la zona horaria del recinto); como máximo 366 días',
      ),
    }),
  ),
  limit: Type.Optional(
    Type.String({
      pattern: '^[0-9]+$',
      description: bilingual(
        'findings listed per rule (default 500; the summary always counts all)',
        'hallazgos listados por regla (por defecto 500; el resumen siempre los cuenta todos)',
      ),
    }),
  ),
});

/** The people findings name (a finding about a person carries them as its `person`). */
const peopleIn = (findings: { params: Record<string, unknown> }[]) =>
  findings.flatMap((f) => (typeof f.params.person === 'string' ? [f.params.person] : []));

const profileOf = (id: string | undefined, field: string) => {
  const p = profileById(id ?? FLOOR.id);
  if (!p) throw invalid([{ rule: 'unknown-profile', subject: field, params: { profile: id } }]);
  return p;
};

/** What was given in the window, as counted (beside the findings it makes). */
function dailyLifeOf(d: DeliveredFacts | undefined, profile: Profile) {
  if (!d) return undefined;
  const min = profile.regime?.openAir?.minMinutes ?? FLOOR.regime?.openAir?.minMinutes;
  const short = d.openAir.short.find((s) => s.minMinutes === min);
  const solitary = d.solitary[0];
  return {
    window: { from: d.window.from, to: d.window.to, days: d.window.days },
    openAir: {
      judgedDays: d.openAir.judgedDays,
      personDays: d.openAir.personDays,
      shortPersonDays: short?.shortPersonDays ?? 0,
      minMinutes: min ?? null,
    },
    solitary: { judgedDays: solitary?.judgedDays ?? 0, runs: solitary?.runs.length ?? 0 },
    visits: {
      recorded: d.visits.recorded,
      held: d.visits.held,
      refused: d.visits.refused,
      peopleWithVisit: d.visits.peopleWithVisit,
      peopleHeld: d.visits.peopleHeld,
    },
    activities: {
      allocated: d.activities.allocated,
      held: d.activities.held,
      share: d.activities.share,
    },
  };
}

/** Past this many people held or duties open, the judgement runs in the worker pool (seconds of work). */
export const LARGE_FACILITY = 5000;

const large = (input: ComplianceInput) =>
  input.duties.length > LARGE_FACILITY || input.cells.reduce((n, c) => n + c.occupants, 0) > LARGE_FACILITY;

/** A facility's compliance findings under a profile, as data and as a printable page. */
export const complianceRoutes =
  (store: Store, pool: WorkPool): FastifyPluginAsyncTypebox =>
  async (app) => {
    const report = async (
      /** the primary, or a standby (read-routing.ts) */
      db: Db,
      code: string,
      q: Static<typeof ComplianceQuery>,
      lang: 'es' | 'en',
      confidential: boolean,
      /** findings kept per rule (null: all) */
      limit: number | null,
    ) => {
      const profile = profileOf(q.profile, 'profile');
      const other = q.compare === undefined ? undefined : profileOf(q.compare, 'compare');
      const { input, name } = await complianceInput(db, code, new Date(), {
        window: { from: q.from, to: q.to },
        profiles: other ? [profile, other] : [profile],
        confidential,
      });
      const task = { input, profile: profile.id, compare: other?.id ?? null, limit };
      // a large facility is seconds of judgement: in a worker thread (503 when the pool is full)
      const judged = large(input) ? await pool.run('complianceReport', task) : complianceReport(task);
      return {
        facility: { code, name },
        profile,
        checkedAt: input.now,
        findings: judged.findings,
        omitted: judged.omitted,
        summary: judged.summary,
        comparison: judged.comparison,
        timezone: input.facility.timezone,
        dailyLife: dailyLifeOf(input.delivered, profile),
        discipline: judged.discipline,
        lang,
      };
    };

    app.get(
      '/facilities/:code/compliance',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Hallazgos según un perfil (siempre con el piso un-mandela), agrupados por regla; ?compare= pone un segundo perfil al lado',
          answer: {
            status: 200,
            en: 'The facility’s compliance: the findings by rule under the profile and the floor, their summary and counts, and the comparison when asked for.',
            es: 'El cumplimiento del recinto: los hallazgos por regla según el perfil y el piso, su resumen y recuentos, y la comparación cuando se pide.',
            schema: ComplianceReport,
          },
        },
        schema: {
          tags: ['safeguards'],
          summary:
            'Findings under a profile (the un-mandela floor always included), grouped by rule; ?compare= puts a second profile beside it',
          params: Code,
          querystring: ComplianceQuery,
        },
      },
      async (req, reply) => {
        assertFacility(req, req.params.code);
        const r = await report(
          await readsFor(store, req, reply),
          req.params.code,
          req.query,
          req.lang,
          seesConfidential(signedIn(req).roles),
          req.query.limit === undefined ? 500 : Number(req.query.limit),
        );
        const { findings: kept, omitted } = r;
        // findings name people: the read is logged with them, one row
        await logAccess(store.db, signedIn(req), [
          {
            action: 'compliance.read',
            people: peopleIn(kept),
            facility: r.facility.code,
            detail: { profile: r.profile.id },
          },
        ]);
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
          ...(r.dailyLife ? { dailyLife: r.dailyLife } : {}),
          // counts only: a confidential complaint is counted (for inspectors only), never named
          ...(r.discipline ? { discipline: r.discipline } : {}),
        };
      },
    );

    app.get(
      '/facilities/:code/compliance.html',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs: 'El informe de cumplimiento como página imprimible',
          answer: {
            status: 200,
            en: 'The compliance report as an HTML page to print, in the language asked for.',
            es: 'El informe de cumplimiento como página HTML para imprimir, en el idioma pedido.',
            media: 'text/html',
            schema: Type.String(),
          },
        },
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
        const r = await report(
          await readsFor(store, req, reply),
          req.params.code,
          req.query,
          lang,
          seesConfidential(signedIn(req).roles),
          null,
        );
        await logAccess(store.db, signedIn(req), [
          {
            action: 'compliance.read',
            people: peopleIn(r.findings),
            facility: r.facility.code,
            detail: { profile: r.profile.id, format: 'html' },
          },
        ]);
        const html = complianceHtml(
          {
            facility: r.facility,
            profile: { id: r.profile.id, name: r.profile.name[lang] },
            checkedAt: formatIn(r.checkedAt, r.timezone),
            summary: r.summary,
            findings: r.findings,
            ...(r.comparison ? { comparison: r.comparison } : {}),
            ...(r.dailyLife ? { window: r.dailyLife.window } : {}),
            ...(r.discipline ? { discipline: r.discipline } : {}),
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
  };

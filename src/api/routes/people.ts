import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { seesConfidential, withoutConfidential } from '../../domain/complaints/complaint.js';
import { stepText } from '../../domain/sentences/explain.js';
import { logAccess, readAccessLog } from '../../store/access-log.js';
import { confidentialDuties } from '../../store/complaints.js';
import type { Store } from '../../store/db.js';
import { personFileFor, searchPeople } from '../../store/people.js';
import { PersonFile, PersonSearch } from '../answers/core-people.js';
import { assertFacility, seesMedical, signedIn, visibleFacilities } from '../auth.js';
import { bilingual } from '../openapi/answer.js';
import { HttpProblem } from '../problem.js';
import { readsFor } from '../read-routing.js';
import { withoutMedicalDetail } from '../redact.js';

/** Finding people, and a person's file; every person shown is in the access log. */
export const peopleRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/people',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Buscar personas por nombre (sin distinguir acentos ni mayúsculas, tolerante a errores), documento nacional, número de registro o id de persona; la mejor coincidencia primero',
          answer: {
            status: 200,
            en: 'The people found, best match first, each with their current or last custody and how well they match.',
            es: 'Las personas encontradas, la mejor coincidencia primero, cada una con su custodia actual o última y cuánto coincide.',
            schema: PersonSearch,
          },
        },
        schema: {
          tags: ['custody'],
          summary:
            'Search people by name (accent- and case-insensitive, typo-tolerant), national id, register number or person id; best match first',
          querystring: Type.Object({
            q: Type.String({ minLength: 2, maxLength: 200 }),
            facility: Type.Optional(Type.String()),
            limit: Type.Optional(
              Type.String({
                pattern: '^[0-9]{1,3}$',
                description: bilingual('at most 100; default 20', 'como máximo 100; por defecto 20'),
              }),
            ),
          }),
        },
      },
      async (req, reply) => {
        if (req.query.facility) assertFacility(req, req.query.facility);
        const limit = Math.min(100, Math.max(1, Number(req.query.limit ?? 20)));
        // may be read on a standby (read-routing.ts); the access log is written on the primary
        const results = await searchPeople(await readsFor(store, req, reply), req.query.q, {
          ...(req.query.facility ? { facility: req.query.facility } : {}),
          scope: visibleFacilities(req),
          limit,
        });
        // the access log records who was shown to whom, and what was asked: one row per search
        await logAccess(store.db, signedIn(req), [
          {
            action: 'person.search',
            people: results.map((r) => r.personId),
            facility: req.query.facility ?? null,
            detail: { q: req.query.q },
          },
        ]);
        return { results };
      },
    );

    app.get(
      '/people/:personId',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs: 'Una persona: identidad, custodia y la cronología completa',
          answer: {
            status: 200,
            en: 'The person’s file as the caller may see it: identity, custodies, duties, incidents, release dates, discipline, complaints, non-associations and the register timeline (and, for inspectors, who read it).',
            es: 'El expediente de la persona tal como quien llama puede verlo: identidad, custodias, deberes, incidentes, fechas de egreso, disciplina, quejas, separaciones y la cronología del registro (y, para inspectores, quién lo leyó).',
            schema: PersonFile,
          },
        },
        schema: {
          tags: ['custody'],
          summary: 'A person: identity, custody and the full timeline',
          params: Type.Object({ personId: Type.String() }),
        },
      },
      async (req) => {
        const user = signedIn(req);
        // who may see what of a file: the shared rule person-scope (src/domain/access/person-scope.ts)
        const found = await personFileFor(store.db, req.params.personId, visibleFacilities(req));
        // which facility holds the person is not said: that too is the file's
        if (found.reach === 'none') throw new HttpProblem(403, 'detail.403-person');
        // a confidential complaint, its answer and its duty: inspectors only (docs/complaints.md)
        const { holder: _, ...person } = seesConfidential(user.roles)
          ? found.file
          : withoutConfidential(found.file, await confidentialDuties(store.db, req.params.personId));
        const first = person.custodies[0]?.facility ?? null;
        // logged before it is answered: no read goes unrecorded
        await logAccess(store.db, user, [
          { action: 'person.read', personId: person.personId, facility: first ?? null },
        ]);
        const { releaseDates, ...rest } = seesMedical(user) ? person : withoutMedicalDetail(person);
        const view = {
          ...rest,
          releaseDates: releaseDates && {
            ...releaseDates,
            steps: releaseDates.steps.map((s) => ({
              rule: s.rule,
              source: s.source,
              text: stepText(s, req.lang ?? 'en'),
            })),
          },
        };
        if (!user.roles.includes('inspector')) return view;
        // inspectors also see who has looked at this record
        return { ...view, accessLog: await readAccessLog(store.db, { person: person.personId, limit: 200 }) };
      },
    );
  };

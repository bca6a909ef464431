import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { logAccess, readAccessLog } from '../../store/access-log.js';
import { admit, release } from '../../store/custody.js';
import type { Store } from '../../store/db.js';
import { correct, personView, searchPeople } from '../../store/people.js';
import { assertFacility, canSeeFacility, seesMedical, visibleFacilities } from '../auth.js';
import { withoutMedicalDetail } from '../redact.js';
import { AdmissionBody, BulkAdmissionBody, CorrectionBody, Placement, ReleaseBody } from '../schemas.js';

const WRITERS = ['records', 'governor'] as const;

export const custodyRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/admissions',
      {
        config: { policy: { roles: [...WRITERS] } },
        schema: {
          tags: ['custody'],
          summary: 'Admit one person (a legal basis is required)',
          body: AdmissionBody,
          response: { 201: Placement },
        },
      },
      async (req, reply) => {
        const { facility, ...admission } = req.body;
        assertFacility(req, facility);
        const [placement] = await admit(store.db, facility, [admission], req.user!.username, {
          subject: () => '',
        });
        return reply.code(201).send(placement!);
      },
    );

    app.post(
      '/admissions/preview',
      {
        config: { policy: { roles: [...WRITERS] } },
        schema: {
          tags: ['custody'],
          summary:
            'Try an admission without recording it: the cell it would get, or the refusal it would meet',
          body: AdmissionBody,
          response: { 200: Type.Object({ cell: Type.String(), facility: Type.String() }) },
        },
      },
      async (req) => {
        const { facility, ...admission } = req.body;
        assertFacility(req, facility);
        // the real admission, every check and the allocator, rolled back at the end
        const [placement] = await admit(store.db, facility, [admission], req.user!.username, {
          subject: () => '',
          dryRun: true,
        });
        return { cell: placement!.cell, facility };
      },
    );

    app.post(
      '/admissions/bulk',
      {
        config: { policy: { roles: [...WRITERS] } },
        bodyLimit: 256 * 1024 * 1024,
        schema: {
          tags: ['custody'],
          summary: 'Admit many people at once: all or nothing, every violation listed',
          body: BulkAdmissionBody,
          response: { 201: Type.Object({ admitted: Type.Integer(), placements: Type.Array(Placement) }) },
        },
      },
      async (req, reply) => {
        assertFacility(req, req.body.facility);
        const placements = await admit(store.db, req.body.facility, req.body.admissions, req.user!.username);
        return reply.code(201).send({ admitted: placements.length, placements });
      },
    );

    app.post(
      '/releases',
      {
        config: { policy: { roles: [...WRITERS] } },
        schema: {
          tags: ['custody'],
          summary: 'Release a person (a legal basis is required)',
          body: ReleaseBody,
        },
      },
      async (req) =>
        release(store.db, req.body, req.user!.username, { authorize: (f) => assertFacility(req, f) }),
    );

    app.post(
      '/corrections',
      {
        config: { policy: { roles: [...WRITERS] } },
        schema: {
          tags: ['register'],
          summary: 'Correct a recorded admission: a new event that points at the one it corrects',
          body: CorrectionBody,
        },
      },
      async (req, reply) => {
        const done = await correct(store.db, req.body, req.user!.username, {
          authorize: (f) => assertFacility(req, f),
        });
        return reply.code(201).send(done);
      },
    );

    app.get(
      '/people',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['custody'],
          summary:
            'Search people by name (accent- and case-insensitive, typo-tolerant), national id, register number or person id; best match first',
          querystring: Type.Object({
            q: Type.String({ minLength: 2, maxLength: 200 }),
            facility: Type.Optional(Type.String()),
            limit: Type.Optional(
              Type.String({ pattern: '^[0-9]{1,3}$', description: 'at most 100; default 20' }),
            ),
          }),
        },
      },
      async (req) => {
        if (req.query.facility) assertFacility(req, req.query.facility);
        const limit = Math.min(100, Math.max(1, Number(req.query.limit ?? 20)));
        const results = await searchPeople(store.db, req.query.q, {
          ...(req.query.facility ? { facility: req.query.facility } : {}),
          scope: visibleFacilities(req),
          limit,
        });
        // the access log records who was shown to whom, and what was asked
        await logAccess(
          store.db,
          req.user!,
          results.map((r) => ({
            action: 'person.search',
            personId: r.personId,
            facility: r.facility,
            detail: { q: req.query.q },
          })),
        );
        return { results };
      },
    );

    app.get(
      '/people/:personId',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['custody'],
          summary: 'A person: identity, custody and the full timeline',
          params: Type.Object({ personId: Type.String() }),
        },
      },
      async (req) => {
        const user = req.user!;
        const person = await personView(store.db, req.params.personId);
        // a person's file is visible to users of any facility that has held them
        const held = person.custodies.map((c) => c.facility);
        if (held.length && !held.some((f) => canSeeFacility(user, f, true))) assertFacility(req, held[0]!);
        // logged before it is answered: no read goes unrecorded
        await logAccess(store.db, user, [
          { action: 'person.read', personId: person.personId, facility: held[0] ?? null },
        ]);
        const view = seesMedical(user) ? person : withoutMedicalDetail(person);
        if (!user.roles.includes('inspector')) return view;
        // inspectors also see who has looked at this record
        return { ...view, accessLog: await readAccessLog(store.db, { person: person.personId, limit: 200 }) };
      },
    );
  };

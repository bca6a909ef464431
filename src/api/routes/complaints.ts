import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ADDRESSEES, COMPLAINT_STATUSES, seesConfidential } from '../../domain/complaints/complaint.js';
import { notFound } from '../../domain/violation.js';
import { logAccess } from '../../store/access-log.js';
import { answerComplaint, complaintById, listComplaints, lodgeComplaint } from '../../store/complaints.js';
import type { Store } from '../../store/db.js';
import { Complaint, ComplaintLodged, Complaints } from '../answers/complaints.js';
import { assertFacility, signedIn, visibleFacilities } from '../auth.js';
import { bilingual } from '../openapi/answer.js';
import { Enum } from '../schemas.js';

/** The most complaints one list answers. */
export const MAX_COMPLAINTS = 500;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Instant = Type.String({
  format: 'date-time',
  description: bilingual('RFC 3339 time with offset', 'hora RFC 3339 con su desfase'),
});
const Text = Type.String({ minLength: 1, maxLength: 10000 });

const LodgeBody = Type.Object({
  personId: Id,
  addressee: Enum(
    ADDRESSEES,
    bilingual(
      'governor (the facility’s director), inspector (in confidence if asked) or judge (sent through the facility)',
      'governor (el alcaide, director del recinto), inspector (en confidencia si se pide) o judge (el juez, por intermedio del recinto)',
    ),
  ),
  subject: Type.String({ minLength: 1, maxLength: 200 }),
  text: Text,
  confidential: Type.Optional(
    Type.Boolean({
      description: bilingual(
        'to the inspector only: read by inspectors alone (Mandela Rule 56(2))',
        'solo al inspector: la leen únicamente los inspectores (Reglas Mandela, regla 56(2))',
      ),
    }),
  ),
  receivedAt: Type.Optional(Instant),
});
const AnswerBody = Type.Object({ text: Text, respondedAt: Type.Optional(Instant) });

/**
 * Requests and complaints, and their answers (docs/complaints.md). Confidential complaints are the
 * inspectors' only (rule `complaint-confidential`): to anyone else they do not exist (404).
 * Inspectors, who write nothing else, lodge complaints and answer those addressed to them, in the
 * facilities of their account.
 */
export const complaintRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    const scope = (req: Parameters<typeof assertFacility>[0]) => ({
      authorize: (f: string) => assertFacility(req, f),
    });

    app.post(
      '/complaints',
      {
        config: {
          policy: { roles: ['records', 'officer', 'governor', 'inspector'] },
          summaryEs:
            'Registra una petición o queja de una persona privada de libertad, al alcaide, al inspector (confidencial si lo pide) o a un juez; abre el deber de responderla',
          answer: {
            status: 201,
            en: 'The complaint recorded: its id.',
            es: 'La petición o queja registrada: su identificador.',
            schema: ComplaintLodged,
          },
        },
        schema: {
          tags: ['complaints'],
          summary:
            'Record a request or complaint from a person held, to the governor, the inspector (confidential if asked) or a judge; opens the duty to answer it',
          body: LodgeBody,
        },
      },
      async (req, reply) =>
        reply.code(201).send(await lodgeComplaint(store.db, req.body, signedIn(req).username, scope(req))),
    );

    app.post(
      '/complaints/:id/response',
      {
        config: {
          policy: { roles: ['governor', 'inspector', 'records'] },
          summaryEs:
            'Registra la respuesta a una queja: la dirigida al alcaide, el alcaide; la dirigida al inspector, el inspector; la de un juez, el área de registros o el alcaide (409 complaint-answered si ya fue respondida)',
          answer: {
            status: 200,
            en: 'The complaint with its answer.',
            es: 'La queja con su respuesta.',
            schema: Complaint,
          },
        },
        schema: {
          tags: ['complaints'],
          summary:
            'Record the answer to a complaint: to the governor by the governor, to the inspector by the inspector, a judge’s by records staff or the governor (409 complaint-answered when answered already)',
          params: Type.Object({ id: Id }),
          body: AnswerBody,
        },
      },
      async (req) => {
        const user = signedIn(req);
        return answerComplaint(store.db, req.params.id, req.body, user.username, {
          ...scope(req),
          roles: user.roles,
        });
      },
    );

    app.get(
      '/complaints',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs: `Las quejas que quien llama puede ver, las más recientes primero (como mucho ${MAX_COMPLAINTS}): de un recinto, o de todos los recintos a su alcance; las confidenciales, solo para inspectores`,
          answer: {
            status: 200,
            en: 'The complaints asked, newest first.',
            es: 'Las quejas pedidas, las más recientes primero.',
            schema: Complaints,
          },
        },
        schema: {
          tags: ['complaints'],
          summary: `Complaints the caller may see, newest first (at most ${MAX_COMPLAINTS}): of a facility, or of every facility in scope; confidential ones to inspectors only`,
          querystring: Type.Object({
            facility: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            status: Type.Optional(
              Enum(
                COMPLAINT_STATUSES,
                bilingual(
                  'open (unanswered), answered or all (default)',
                  'open (sin respuesta), answered (respondidas) o all (todas; por defecto)',
                ),
              ),
            ),
            addressee: Type.Optional(Enum(ADDRESSEES)),
          }),
        },
      },
      async (req) => {
        const user = signedIn(req);
        let facilities = visibleFacilities(req);
        if (req.query.facility) {
          assertFacility(req, req.query.facility);
          facilities = [req.query.facility];
        }
        const complaints = await listComplaints(store.db, {
          facilities,
          status: req.query.status ?? 'all',
          addressee: req.query.addressee,
          confidential: seesConfidential(user.roles),
          limit: MAX_COMPLAINTS,
        });
        await logAccess(store.db, user, [
          {
            action: 'complaints.read',
            people: complaints.map((c) => c.personId),
            facility: req.query.facility ?? null,
          },
        ]);
        return { complaints };
      },
    );

    app.get(
      '/complaints/:id',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs: 'Una queja y su respuesta (una confidencial: solo inspectores; 404 para los demás)',
          answer: {
            status: 200,
            en: 'The complaint and its answer, if it has one.',
            es: 'La queja y su respuesta, si la tiene.',
            schema: Complaint,
          },
        },
        schema: {
          tags: ['complaints'],
          summary: 'A complaint and its answer (a confidential one: inspectors only; 404 to anyone else)',
          params: Type.Object({ id: Id }),
        },
      },
      async (req) => {
        const user = signedIn(req);
        const c = await complaintById(store.db, req.params.id, seesConfidential(user.roles));
        if (!c) throw notFound('unknown-complaint', { complaint: req.params.id });
        assertFacility(req, c.facility);
        await logAccess(store.db, user, [
          {
            action: 'complaints.read',
            personId: c.personId,
            facility: c.facility,
            detail: { complaintId: c.complaintId },
          },
        ]);
        return c;
      },
    );
  };

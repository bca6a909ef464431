import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OFFENCE_SEVERITIES, SANCTION_KINDS } from '../../domain/discipline/sanctions.js';
import { logAccess } from '../../store/access-log.js';
import type { Store } from '../../store/db.js';
import { CHARGE_STATUSES, disciplineCatalogue, facilityCharges, getCharge } from '../../store/discipline.js';
import { decideAppeal, lodgeAppeal } from '../../store/discipline-appeal.js';
import { chargesAsSeen } from '../../store/discipline-reach.js';
import { giveNotice, layCharge, recordHearing } from '../../store/discipline-write.js';
import { holders } from '../../store/scope.js';
import {
  DisciplinaryCharge,
  DisciplinaryChargeLaid,
  DisciplinaryCharges,
  DisciplineCatalogue,
} from '../answers/discipline.js';
import { assertFacility, signedIn, visibleFacilities } from '../auth.js';
import { bilingual } from '../openapi/answer.js';
import { HttpProblem } from '../problem.js';
import { Enum } from '../schemas.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Code = Type.String({ minLength: 1, maxLength: 64 });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Text = Type.String({ minLength: 1, maxLength: 5000 });
const Instant = Type.String({
  format: 'date-time',
  description: bilingual('RFC 3339 time with offset', 'hora RFC 3339 con su desfase'),
});
const Language = Type.String({
  minLength: 2,
  maxLength: 35,
  // a tag or the language's name: "es", "ht", "zh-Hant", "español", "Kreyòl ayisyen"
  pattern: '^\\p{L}[\\p{L}\\p{M}0-9 -]*$',
  description: bilingual(
    'the language the person understands: a BCP 47 tag (es, en, ht, zh-Hant …) or the language’s name',
    'el idioma que la persona entiende: una etiqueta BCP 47 (es, en, ht, zh-Hant …) o el nombre del idioma',
  ),
});
const ChargeParams = Type.Object({ chargeId: Id });

/** the one-charge-per-act key (person, incident, offence code) is compared as written: no surrounding spaces */
const Trimmed = '^\\S(.*\\S)?$';
const ChargeBody = Type.Object({
  personId: Id,
  incidentReference: Type.String({ minLength: 1, maxLength: 100, pattern: Trimmed }),
  offence: Type.Object({
    code: Type.String({ minLength: 1, maxLength: 64, pattern: Trimmed }),
    severity: Enum(
      OFFENCE_SEVERITIES,
      bilingual(
        'grave, less-grave (menos grave) or minor (leve)',
        'grave, less-grave (menos grave) o minor (leve)',
      ),
    ),
    description: Text,
  }),
  occurredAt: Instant,
});
const NoticeBody = Type.Object({ givenAt: Type.Optional(Instant), language: Language });
const SanctionBody = Type.Object({
  kind: Enum(SANCTION_KINDS),
  // no tighter cap here: a sanction too long is a rule's refusal (409 mandela-44, a profile's days)
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  people: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 50 })),
});
const HearingBody = Type.Object({
  heldAt: Type.Optional(Instant),
  adjudicator: Name,
  heard: Type.Boolean(),
  outcome: Enum(['proved', 'dismissed'] as const),
  interpreter: Type.Optional(Name),
  legalAssistance: Type.Optional(Name),
  plea: Type.Optional(Enum(['admitted', 'denied', 'none'] as const)),
  evidence: Type.Optional(Text),
  sanctions: Type.Optional(Type.Array(SanctionBody, { maxItems: 10 })),
});
const AppealBody = Type.Object({ lodgedAt: Type.Optional(Instant), grounds: Text });
const DecisionBody = Type.Object({
  decidedAt: Type.Optional(Instant),
  decidedBy: Name,
  outcome: Enum(['upheld', 'quashed'] as const),
  reason: Text,
});

/** Disciplinary charges, notice, hearings, sanctions and appeals (docs/discipline.md). */
export const disciplineRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    const by = (req: Parameters<typeof signedIn>[0]) => signedIn(req).username;
    const scope = (req: Parameters<typeof assertFacility>[0]) => ({
      authorize: (f: string) => assertFacility(req, f),
    });

    app.post(
      '/disciplinary-charges',
      {
        config: {
          policy: { roles: ['officer', 'governor'] },
          summaryEs:
            'Presenta un cargo disciplinario contra una persona privada de libertad (409 mandela-39 si el mismo hecho se imputa dos veces); abre el deber de notificárselo',
          answer: {
            status: 201,
            en: 'The charge laid: its id.',
            es: 'El cargo presentado: su identificador.',
            schema: DisciplinaryChargeLaid,
          },
        },
        schema: {
          tags: ['discipline'],
          summary:
            'Lay a disciplinary charge against a person in custody (409 mandela-39 for the same act charged twice); opens the duty to tell them of it',
          body: ChargeBody,
        },
      },
      async (req, reply) => reply.code(201).send(await layCharge(store.db, req.body, by(req), scope(req))),
    );

    app.post(
      '/disciplinary-charges/:chargeId/notice',
      {
        config: {
          policy: { roles: ['officer', 'governor'] },
          summaryEs: 'Registra que se notificó el cargo a la persona, en un idioma que entiende (una vez)',
          answer: {
            status: 200,
            en: 'The charge with its notice recorded, and its notice, hearing, sanctions and appeal.',
            es: 'El cargo con su notificación registrada, con su audiencia, sanciones y apelación.',
            schema: DisciplinaryCharge,
          },
        },
        schema: {
          tags: ['discipline'],
          summary: 'Record that the person was told of the charge, in a language they understand (once)',
          params: ChargeParams,
          body: NoticeBody,
        },
      },
      async (req) => giveNotice(store.db, req.params.chargeId, req.body, by(req), scope(req)),
    );

    app.post(
      '/disciplinary-charges/:chargeId/hearing',
      {
        config: {
          policy: { roles: ['governor'] },
          summaryEs:
            'Registra la audiencia de un cargo y sus sanciones; 409 con cada regla que la rechaza (mandela-41, mandela-43, mandela-44, …)',
          answer: {
            status: 200,
            en: 'The charge with its hearing and sanctions recorded.',
            es: 'El cargo con su audiencia y sus sanciones registradas.',
            schema: DisciplinaryCharge,
          },
        },
        schema: {
          tags: ['discipline'],
          summary:
            'Record the hearing of a charge and its sanctions; 409 with every rule that refuses it (mandela-41, mandela-43, mandela-44, …)',
          params: ChargeParams,
          body: HearingBody,
        },
      },
      async (req) => recordHearing(store.db, req.params.chargeId, req.body, by(req), scope(req)),
    );

    app.post(
      '/disciplinary-charges/:chargeId/appeal',
      {
        config: {
          policy: { roles: ['records', 'governor'] },
          summaryEs: 'Registra la apelación de un cargo probado (una vez)',
          answer: {
            status: 200,
            en: 'The charge with its appeal recorded.',
            es: 'El cargo con su apelación registrada.',
            schema: DisciplinaryCharge,
          },
        },
        schema: {
          tags: ['discipline'],
          summary: 'Record the appeal of a proved charge (once)',
          params: ChargeParams,
          body: AppealBody,
        },
      },
      async (req) => lodgeAppeal(store.db, req.params.chargeId, req.body, by(req), scope(req)),
    );

    app.post(
      '/disciplinary-charges/:chargeId/appeal/decision',
      {
        config: {
          policy: { roles: ['records', 'governor'] },
          summaryEs:
            'Registra la decisión sobre una apelación; si anula el cargo, levanta todas sus sanciones',
          answer: {
            status: 200,
            en: 'The charge with the decision on its appeal recorded (its sanctions lifted when quashed).',
            es: 'El cargo con la decisión sobre su apelación registrada (sin efecto sus sanciones si se anuló).',
            schema: DisciplinaryCharge,
          },
        },
        schema: {
          tags: ['discipline'],
          summary: 'Record the decision on an appeal; quashed lifts every sanction of the charge',
          params: ChargeParams,
          body: DecisionBody,
        },
      },
      async (req) => decideAppeal(store.db, req.params.chargeId, req.body, by(req), scope(req)),
    );

    app.get(
      '/disciplinary-charges/:chargeId',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs: 'Un cargo disciplinario con su notificación, audiencia, sanciones y apelación',
          answer: {
            status: 200,
            en: 'The charge with its notice, hearing, sanctions and appeal; for a facility not holding the person now, without what another facility recorded since.',
            es: 'El cargo con su notificación, audiencia, sanciones y apelación; para un recinto que ya no tiene a la persona, sin lo que otro recinto registró después.',
            schema: DisciplinaryCharge,
          },
        },
        schema: {
          tags: ['discipline'],
          summary: 'A disciplinary charge with its notice, hearing, sanctions and appeal',
          params: ChargeParams,
        },
      },
      async (req) => {
        const charge = await getCharge(store.db, req.params.chargeId);
        // the facility where it was laid, or the one holding the person now, may read it
        const visible = visibleFacilities(req);
        const holder = (await holders(store.db, [charge.personId])).get(charge.personId);
        if (visible !== null && !visible.includes(charge.facility) && !(holder && visible.includes(holder)))
          throw new HttpProblem(403, 'detail.403-scope', { facility: charge.facility });
        // not holding the person now: without what another facility did with the charge since
        const [seen] = await chargesAsSeen(store.db, [charge], visible);
        await logAccess(store.db, signedIn(req), [
          {
            action: 'discipline.read',
            personId: charge.personId,
            facility: charge.facility,
            detail: { chargeId: charge.chargeId },
          },
        ]);
        return seen;
      },
    );

    app.get(
      '/facilities/:code/disciplinary-charges',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Los cargos disciplinarios de un recinto, los más antiguos primero (como mucho 500): los presentados allí y los de las personas que tiene; ?status=pending (por defecto: aún sin audiencia), awaiting-notice, awaiting-hearing o all',
          answer: {
            status: 200,
            en: 'The facility’s charges of the status asked, oldest first.',
            es: 'Los cargos del recinto con el estado pedido, los más antiguos primero.',
            schema: DisciplinaryCharges,
          },
        },
        schema: {
          tags: ['discipline'],
          summary:
            'A facility’s disciplinary charges, oldest first (at most 500): those laid there and those of the people it holds; ?status=pending (default: not yet heard), awaiting-notice, awaiting-hearing or all',
          params: Type.Object({ code: Code }),
          querystring: Type.Object({ status: Type.Optional(Enum(CHARGE_STATUSES)) }),
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        const charges = await facilityCharges(
          store.db,
          req.params.code,
          req.query.status ?? 'pending',
          visibleFacilities(req),
        );
        if (charges.length)
          await logAccess(store.db, signedIn(req), [
            {
              action: 'discipline.read',
              people: charges.map((c) => c.personId),
              facility: req.params.code,
              detail: { status: req.query.status ?? 'pending' },
            },
          ]);
        return { charges };
      },
    );

    app.get(
      '/facilities/:code/discipline-catalogue',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Las faltas y sanciones que define la ley de un recinto, con sus límites (el máximo de aislamiento del piso internacional combinado con el nacional)',
          answer: {
            status: 200,
            en: 'The offences and sanctions the facility’s profile defines, with their limits, and whether it keeps a conduct record.',
            es: 'Las faltas y sanciones que define el perfil del recinto, con sus límites, y si lleva un registro de conducta.',
            schema: DisciplineCatalogue,
          },
        },
        schema: {
          tags: ['discipline'],
          summary:
            'The offences and sanctions a facility’s law defines, with their limits (the floor’s isolation maximum merged with the national one)',
          params: Type.Object({ code: Code }),
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        return disciplineCatalogue(store.db, req.params.code);
      },
    );
  };

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { t } from '../../domain/messages.js';
import { isoOf, toDay } from '../../domain/sentences/calendar.js';
import { stepText } from '../../domain/sentences/explain.js';
import {
  CREDIT_KINDS,
  LIFE_KINDS,
  OFFENCE_CATEGORIES,
  RELATION_KINDS,
  type SentenceLength,
} from '../../domain/sentences/sentence.js';
import { dateIn } from '../../domain/time.js';
import { invalid } from '../../domain/violation.js';
import { logAccess } from '../../store/access-log.js';
import type { Store } from '../../store/db.js';
import { facilityRow } from '../../store/facilities.js';
import { releaseDatesOf, releasesDue } from '../../store/release-dates.js';
import { correctSentence, creditSentence, recordSentence, reduceSentence } from '../../store/sentences.js';
import { ReleaseDates, ReleasesDue, SentenceChange, SentenceRecorded } from '../answers/sentences.js';
import { assertFacility, personHolder, signedIn } from '../auth.js';
import { bilingual } from '../openapi/answer.js';
import { Enum } from '../schemas.js';

/** Who records sentences, credits, reductions and corrections: the records office and the governor. */
const WRITERS = ['records', 'governor'] as const;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Reference = Type.String({ minLength: 1, maxLength: 200 });
const Day = Type.String({
  format: 'date',
  description: bilingual('a calendar date, YYYY-MM-DD', 'una fecha de calendario, YYYY-MM-DD'),
});
const TemporalLength = Type.Object(
  {
    years: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    months: Type.Optional(Type.Integer({ minimum: 0, maximum: 1200 })),
    days: Type.Optional(Type.Integer({ minimum: 0, maximum: 36600 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
const LifeLength = Type.Object({ life: Enum(LIFE_KINDS) }, { additionalProperties: false });
const Length = Type.Union([TemporalLength, LifeLength], {
  description: bilingual(
    '{ years?, months?, days? } or { life: "simple" | "qualified" }',
    '{ years?, months?, days? } o { life: "simple" | "qualified" }',
  ),
});
const RelationBody = Type.Object(
  { kind: Enum(RELATION_KINDS), to: Id },
  {
    additionalProperties: false,
    description: bilingual(
      'consecutive to (starts when it ends) or concurrent with another sentence of the same person',
      'consecutive: a continuación de otra condena de la misma persona (empieza cuando esa termina), o concurrent: a la vez que ella',
    ),
  },
);
const SentenceBody = Type.Object({
  personId: Id,
  caseReference: Reference,
  court: Reference,
  imposedAt: Day,
  length: Length,
  offenceCategory: Enum(
    OFFENCE_CATEGORIES,
    bilingual(
      'general (parole at ½) or a crime of DL 321 art. 3 (parole at ⅔)',
      'general (libertad condicional a la ½) o un delito del DL 321 art. 3 (libertad condicional a los ⅔)',
    ),
  ),
  relation: Type.Optional(RelationBody),
});
const CreditBody = Type.Object({
  from: Day,
  to: Day,
  kind: Enum(CREDIT_KINDS),
  reference: Reference,
});
const ReductionBody = Type.Object({
  days: Type.Integer({ minimum: 1, maximum: 36600 }),
  grantedAt: Day,
  reference: Reference,
});
const CorrectionBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    caseReference: Type.Optional(Reference),
    court: Type.Optional(Reference),
    imposedAt: Type.Optional(Day),
    length: Type.Optional(Length),
    offenceCategory: Type.Optional(Enum(OFFENCE_CATEGORIES)),
    relation: Type.Optional(Type.Union([RelationBody, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 2 },
);
const SentenceParams = Type.Object({ sentenceId: Id });

/** Sentences, credits, reductions and release dates (docs/sentences.md). */
export const sentenceRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    const by = (req: { headers: object }) => signedIn(req as never).username;
    const scope = (req: Parameters<typeof assertFacility>[0]) => ({
      authorize: (f: string) => assertFacility(req, f),
    });
    const words =
      (lang: 'es' | 'en' | undefined) => (s: { message: string; params: Record<string, unknown> }) =>
        t(s.message, lang ?? 'en', s.params);

    app.post(
      '/sentences',
      {
        config: {
          policy: { roles: [...WRITERS] },
          summaryEs:
            'Registrar una condena de una persona bajo custodia (409 not-in-custody); la custodia queda condenada desde imposedAt',
          answer: {
            status: 201,
            en: 'The sentence as recorded: its id, register event, the custody’s new release, parole and Sunday-leave dates, and any housing finding.',
            es: 'La condena registrada: su id, evento del registro, las nuevas fechas de libertad, libertad condicional y salida dominical de la custodia, y los hallazgos de alojamiento si los hay.',
            schema: SentenceRecorded,
          },
        },
        schema: {
          tags: ['sentences'],
          summary:
            'Record a sentence for a person in custody (409 not-in-custody); the custody is sentenced from imposedAt',
          body: SentenceBody,
        },
      },
      async (req, reply) => {
        const r = await recordSentence(
          store.db,
          { ...req.body, length: req.body.length as SentenceLength },
          by(req),
          scope(req),
        );
        const say = words(req.lang);
        return reply.code(201).send({ ...r, findings: r.findings.map((f) => ({ ...f, text: say(f) })) });
      },
    );

    app.post(
      '/sentences/:sentenceId/credits',
      {
        config: {
          policy: { roles: [...WRITERS] },
          summaryEs:
            'Abonar a una condena días de privación de libertad en otra parte; un día cuenta una vez, lo cubran los registros que sea',
          answer: {
            status: 201,
            en: 'The credit as recorded (its register event) and the custody’s dates after it.',
            es: 'El abono registrado (su evento del registro) y las fechas de la custodia después de él.',
            schema: SentenceChange,
          },
        },
        schema: {
          tags: ['sentences'],
          summary:
            'Credit (abono) days held elsewhere to a sentence; a day counts once, whatever records cover it',
          params: SentenceParams,
          body: CreditBody,
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send(await creditSentence(store.db, req.params.sentenceId, req.body, by(req), scope(req))),
    );

    app.post(
      '/sentences/:sentenceId/reductions',
      {
        config: {
          policy: { roles: [...WRITERS] },
          summaryEs: 'Registrar una rebaja de una condena tal como se concedió (p. ej. Ley 19.856)',
          answer: {
            status: 201,
            en: 'The reduction as recorded (its register event) and the custody’s dates after it.',
            es: 'La rebaja registrada (su evento del registro) y las fechas de la custodia después de ella.',
            schema: SentenceChange,
          },
        },
        schema: {
          tags: ['sentences'],
          summary: 'Record a reduction of a sentence as granted (e.g. Ley 19.856)',
          params: SentenceParams,
          body: ReductionBody,
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send(await reduceSentence(store.db, req.params.sentenceId, req.body, by(req), scope(req))),
    );

    app.post(
      '/sentences/:sentenceId/corrections',
      {
        config: {
          policy: { roles: [...WRITERS] },
          summaryEs:
            'Corregir una condena tal como se registró, con el motivo; el registro guarda lo que era',
          answer: {
            status: 201,
            en: 'The correction as recorded (its register event) and the custody’s dates after it.',
            es: 'La corrección registrada (su evento del registro) y las fechas de la custodia después de ella.',
            schema: SentenceChange,
          },
        },
        schema: {
          tags: ['sentences'],
          summary: 'Correct a sentence as recorded, with the reason; the register keeps what it was',
          params: SentenceParams,
          body: CorrectionBody,
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send(
            await correctSentence(
              store.db,
              req.params.sentenceId,
              { ...req.body, length: req.body.length as SentenceLength | undefined },
              by(req),
              scope(req),
            ),
          ),
    );

    app.get(
      '/people/:personId/release-dates',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'La fecha de libertad de una persona, su libertad condicional y salida dominical, con sus condenas y cada paso explicado',
          answer: {
            status: 200,
            en: 'The person’s release, parole and Sunday-leave dates for their open (or last) custody, their sentences with credits and reductions, and every step of the calculation in words.',
            es: 'Las fechas de libertad, libertad condicional y salida dominical de la persona para su custodia abierta (o la última), sus condenas con abonos y rebajas, y cada paso del cálculo en palabras.',
            schema: ReleaseDates,
          },
        },
        schema: {
          tags: ['sentences'],
          summary:
            'A person’s release date, parole eligibility and Sunday leave, with their sentences and every step explained',
          params: Type.Object({ personId: Id }),
        },
      },
      async (req) => {
        const user = signedIn(req);
        const holder = await personHolder(store.db, req, req.params.personId);
        const dates = await releaseDatesOf(store.db, req.params.personId);
        await logAccess(store.db, user, [
          { action: 'release-dates.read', personId: req.params.personId, facility: holder ?? null },
        ]);
        return {
          ...dates,
          steps: dates.steps.map((s) => ({
            rule: s.rule,
            source: s.source,
            text: stepText(s, req.lang ?? 'en'),
          })),
        };
      },
    );

    app.get(
      '/facilities/:code/releases-due',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Todas las personas del recinto cuya fecha de libertad cae en [from, to] (por omisión: hoy y los 7 días siguientes)',
          answer: {
            status: 200,
            en: 'The window and the people held at the facility whose release date falls in it, earliest first, with their cell and case references.',
            es: 'El intervalo y las personas del recinto cuya fecha de libertad cae en él, las más próximas primero, con su celda y referencias de causa.',
            schema: ReleasesDue,
          },
        },
        schema: {
          tags: ['sentences'],
          summary:
            'Everyone held at the facility whose release date falls in [from, to] (default: today and the next 7 days)',
          params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
          querystring: Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) }),
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        const f = await facilityRow(store.db, req.params.code);
        const from = req.query.from ?? dateIn(new Date(), f.timezone);
        const to = req.query.to ?? isoOf(toDay(from) + 7);
        if (to < from)
          throw invalid([
            {
              rule: 'invalid-field',
              subject: 'to',
              params: { field: 'to', problem: `${to} is before ${from}` },
            },
          ]);
        const releases = await releasesDue(store.db, req.params.code, from, to);
        await logAccess(store.db, signedIn(req), [
          { action: 'releases-due.read', people: releases.map((r) => r.personId), facility: req.params.code },
        ]);
        return { facility: req.params.code, from, to, releases };
      },
    );
  };

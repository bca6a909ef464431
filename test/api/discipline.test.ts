import { describe, expect, it } from 'vitest';
import { P as _P, chileDiscipline, disciplineWorld, rulesOf } from '../helpers/discipline.js';

/** Charges, notice and hearings: the process and every refusal (docs/discipline.md). */
describe('disciplinary charges', () => {
  const w = disciplineWorld();
  const { admit, chargeBody, charge, notify, hear, notified, post, get, refused, duties, events, tokens } = w;
  void _P;

  describe('laying a charge', () => {
    it('records the charge, opens the notice duty and lists it as awaiting notice', async () => {
      const personId = await admit();
      const body = chargeBody(personId);
      const res = await post('/disciplinary-charges', body, tokens.officer);
      expect(res.statusCode, res.body).toBe(201);
      const { chargeId } = res.json();
      expect(res.json()).toEqual({ chargeId: expect.any(String) });

      const [ev] = await events(personId, 'discipline.charged');
      expect(ev).toMatchObject({ facility_code: 'FLO', actor: 'dis-officer' });
      expect(ev?.payload).toMatchObject({
        chargeId,
        incidentReference: body.incidentReference,
        offence: body.offence,
        occurredAt: body.occurredAt,
      });
      const [duty] = await duties(personId, 'discipline-notice');
      expect(duty).toMatchObject({
        opened_seq: ev?.seq,
        done_at: null,
        cancelled_at: null,
        facility_code: 'FLO',
      });

      const view = (await get(`/disciplinary-charges/${chargeId}`)).json();
      expect(view).toMatchObject({
        chargeId,
        personId,
        facility: 'FLO',
        incidentReference: body.incidentReference,
        offence: body.offence,
        inCatalogue: null,
        occurredAt: body.occurredAt,
        status: 'awaiting-notice',
        notice: null,
        hearing: null,
        sanctions: [],
        appeal: null,
      });
      expect(view.person).toEqual({
        givenNames: 'Juan Pablo',
        familyNames: expect.stringContaining('Soto Muñoz'),
        registerNumber: expect.any(Number),
      });
      // the floor's working limit: told within 24 hours
      expect(new Date(view.noticeDue).getTime() - new Date(view.chargedAt).getTime()).toBe(24 * 3_600_000);
      expect(new Date(view.chargedAt).getTime()).toBe(new Date(duty!.since).getTime());

      const pending = (await get('/facilities/FLO/disciplinary-charges', tokens.governor)).json();
      expect(pending.charges.map((c: { chargeId: string }) => c.chargeId)).toContain(chargeId);
      const awaiting = (await get('/facilities/FLO/disciplinary-charges?status=awaiting-hearing')).json();
      expect(awaiting.charges.map((c: { chargeId: string }) => c.chargeId)).not.toContain(chargeId);
      const log = await w.api.store.db
        .selectFrom('access_log')
        .select(['action', 'people'])
        .where('username', '=', 'dis-governor')
        .execute();
      expect(log).toContainEqual({ action: 'discipline.read', people: expect.arrayContaining([personId]) });
    });

    it('says whether the offence is in the national catalogue (null where there is none)', async () => {
      const { rules } = chileDiscipline();
      const personId = await admit('CHI');
      const known = rules.offences?.[0];
      const chargeId = await charge(personId, {
        offence: known
          ? { code: known.code, severity: known.severity, description: 'Del catálogo' }
          : { code: 'x', severity: 'minor', description: 'Sin catálogo' },
      });
      const other = await charge(personId, {
        offence: { code: 'no-such-offence', severity: 'minor', description: 'Fuera del catálogo' },
      });
      expect((await get(`/disciplinary-charges/${chargeId}`)).json().inCatalogue).toBe(known ? true : null);
      expect((await get(`/disciplinary-charges/${other}`)).json().inCatalogue).toBe(
        known && rules.catalogue ? false : null,
      );
    });

    it('refuses the same act charged twice (mandela-39) and records nothing', async () => {
      const personId = await admit();
      const body = chargeBody(personId);
      const first = await post('/disciplinary-charges', body);
      expect(first.statusCode, first.body).toBe(201);
      const again = await refused(409, () => post('/disciplinary-charges', body, undefined, 'es'));
      expect(again.violations).toMatchObject([{ rule: 'mandela-39', subject: 'offence.code' }]);
      expect(again.violations?.[0]?.message).toContain(first.json().chargeId);
      expect(again.violations?.[0]?.message).toMatch(/dos veces/);
      // another offence of the same incident is another charge
      const other = await post('/disciplinary-charges', {
        ...body,
        offence: { ...body.offence, code: 'daños' },
      });
      expect(other.statusCode, other.body).toBe(201);
    });

    it('refuses an act in the future or before the custody began, and records nothing', async () => {
      const personId = await admit();
      // a time in the future is an input error: 400, as everywhere
      const future = await refused(400, () =>
        post(
          '/disciplinary-charges',
          chargeBody(personId, { occurredAt: new Date(Date.now() + 3_600_000).toISOString() }),
        ),
      );
      expect(future.violations).toMatchObject([{ rule: 'future-time', subject: 'occurredAt' }]);
      const before = await refused(409, () =>
        post('/disciplinary-charges', chargeBody(personId, { occurredAt: '2020-01-01T10:00:00-03:00' })),
      );
      expect(before.violations).toMatchObject([{ rule: 'time-before-admission', subject: 'occurredAt' }]);
    });

    it('refuses the grade the catalogue does not give the offence, when there is a catalogue', async () => {
      const { rules } = chileDiscipline();
      const known = rules.offences?.[0];
      expect(known, 'the Chilean profile lists offences').toBeDefined();
      if (!known) throw new Error('no offence in the Chilean catalogue');
      const personId = await admit('CHI');
      const other = (['grave', 'less-grave', 'minor'] as const).find((s) => s !== known.severity);
      const res = await refused(409, () =>
        post(
          '/disciplinary-charges',
          chargeBody(personId, { offence: { code: known.code, severity: other, description: 'x' } }),
          undefined,
          'es',
        ),
      );
      expect(res.violations).toMatchObject([
        { rule: rules.catalogue?.rule ?? 'mandela-37', subject: 'offence.severity' },
      ]);
      // the grades in Spanish words, never the codes
      expect(known.severity).toBe('grave');
      expect(other).toBe('less-grave');
      expect(res.violations?.[0]?.message).toContain(
        `La falta ${known.code} es grave según el catálogo, no menos grave`,
      );
    });

    it('refuses a person not in custody (409), an unknown one (404), bad input (400), and out of scope (403)', async () => {
      const personId = await admit();
      const out = await w.api.call('POST', `${_P}/releases`, {
        body: {
          personId,
          reason: 'Sobreseimiento',
          legalBasis: {
            kind: 'release-order',
            reference: 'L-1',
            issuedBy: 'Juzgado de Garantía',
            issuedAt: new Date().toISOString(),
          },
        },
      });
      expect(out.statusCode, out.body).toBe(200);
      const released = await refused(409, () => post('/disciplinary-charges', chargeBody(personId)));
      expect(rulesOf(released)).toEqual(['not-in-custody']);
      const unknown = await refused(404, () => post('/disciplinary-charges', chargeBody('no-such-person')));
      expect(rulesOf(unknown)).toEqual(['unknown-person']);
      const bad = await refused(400, () =>
        post('/disciplinary-charges', {
          incidentReference: '',
          offence: { code: 'x', severity: 'very-grave', description: 'x' },
          occurredAt: 'yesterday',
        }),
      );
      const fields = JSON.stringify(bad);
      for (const f of ['personId', 'incidentReference', 'severity', 'occurredAt'])
        expect(fields).toContain(f);
      const elsewhere = await admit('OTRA');
      await refused(403, () => post('/disciplinary-charges', chargeBody(elsewhere), tokens.officer));
      const mine = await admit();
      await refused(403, () => post('/disciplinary-charges', chargeBody(mine), tokens.records));
      // the caller's scope first: outside it nothing is said of the person (403, not 409 or 404)
      const outside = await refused(403, () =>
        post('/disciplinary-charges', chargeBody(personId), tokens.otra),
      );
      expect(rulesOf(outside)).not.toContain('not-in-custody');
      await refused(403, () => post('/disciplinary-charges', chargeBody('no-such-person'), tokens.otra));
    });

    it('refuses spaces around the incident reference or the offence code (400 naming the field)', async () => {
      const personId = await admit();
      const base = chargeBody(personId);
      for (const incidentReference of [' INC-1', 'INC-1 ', '\tINC-1', ' '])
        expect(
          JSON.stringify(
            await refused(400, () => post('/disciplinary-charges', { ...base, incidentReference })),
          ),
        ).toContain('incidentReference');
      for (const code of ['riña ', ' riña', 'riña\n']) {
        const bad = await refused(400, () =>
          post('/disciplinary-charges', { ...base, offence: { ...base.offence, code } }),
        );
        expect(JSON.stringify(bad)).toMatch(/offence.code/);
      }
      // spaces inside are words, allowed
      const ok = await post('/disciplinary-charges', {
        ...base,
        incidentReference: 'INC 1 patio',
        offence: { ...base.offence, code: 'riña grave' },
      });
      expect(ok.statusCode, ok.body).toBe(201);
    });
  });

  describe('notice', () => {
    it('records the notice once, in a language, and fulfils the notice duty', async () => {
      const personId = await admit();
      const chargeId = await charge(personId);
      const givenAt = new Date().toISOString();
      const res = await post(
        `/disciplinary-charges/${chargeId}/notice`,
        { language: 'ht', givenAt },
        tokens.officer,
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        chargeId,
        status: 'awaiting-hearing',
        notice: { givenAt: new Date(givenAt).toISOString(), language: 'ht' },
      });
      const [ev] = await events(personId, 'discipline.notice-given');
      expect(ev?.payload).toEqual({ chargeId, language: 'ht' });
      const [duty] = await duties(personId, 'discipline-notice');
      expect(duty).toMatchObject({ done_seq: ev?.seq, done_language: 'ht', cancelled_at: null });
      expect(duty?.done_at?.toISOString()).toBe(new Date(givenAt).toISOString());

      const again = await refused(409, () =>
        post(`/disciplinary-charges/${chargeId}/notice`, { language: 'es' }),
      );
      expect(again.violations).toMatchObject([{ rule: 'notice-given', subject: 'chargeId' }]);
      const listed = (await get('/facilities/FLO/disciplinary-charges?status=awaiting-hearing')).json();
      expect(listed.charges.map((c: { chargeId: string }) => c.chargeId)).toContain(chargeId);
    });

    it('takes the language by its tag or by its name', async () => {
      const named = await charge(await admit());
      const res = await post(`/disciplinary-charges/${named}/notice`, { language: 'Kreyòl ayisyen' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().notice.language).toBe('Kreyòl ayisyen');
    });

    it('refuses a notice before the charge (409), in the future or without a language (400), or of an unknown charge (404)', async () => {
      const chargeId = await charge(await admit());
      const early = await refused(409, () =>
        post(`/disciplinary-charges/${chargeId}/notice`, {
          language: 'es',
          givenAt: new Date(Date.now() - 86_400_000).toISOString(),
        }),
      );
      expect(early.violations).toMatchObject([{ rule: 'time-before-start', subject: 'givenAt' }]);
      const future = await refused(400, () =>
        post(`/disciplinary-charges/${chargeId}/notice`, {
          language: 'es',
          givenAt: new Date(Date.now() + 86_400_000).toISOString(),
        }),
      );
      expect(rulesOf(future)).toEqual(['future-time']);
      const none = await refused(400, () => post(`/disciplinary-charges/${chargeId}/notice`, {}));
      expect(JSON.stringify(none)).toContain('language');
      const bad = await refused(400, () =>
        post(`/disciplinary-charges/${chargeId}/notice`, { language: 'español!' }),
      );
      expect(JSON.stringify(bad)).toContain('language');
      const unknown = await refused(404, () =>
        post('/disciplinary-charges/no-such/notice', { language: 'es' }),
      );
      expect(rulesOf(unknown)).toEqual(['unknown-charge']);
      await refused(403, () =>
        post(`/disciplinary-charges/${chargeId}/notice`, { language: 'es' }, tokens.otra),
      );
    });
  });

  describe('hearing refusals', () => {
    it('refuses a hearing before notice, and names every refusal at once; nothing recorded', async () => {
      const personId = await admit();
      const chargeId = await charge(personId);
      const other = await admit();
      const res = await refused(409, () =>
        post(
          `/disciplinary-charges/${chargeId}/hearing`,
          {
            adjudicator: 'Alcaide',
            heard: false,
            outcome: 'proved',
            sanctions: [
              { kind: 'isolation', days: 16 },
              { kind: 'family-contact-ban', days: 10 },
              { kind: 'reduction-of-food', days: 3 },
              { kind: 'loss-of-privileges', days: 5, people: [personId, other] },
              { kind: 'visit-restriction' },
            ],
          },
          undefined,
          'en',
        ),
      );
      expect(res.violations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ rule: 'mandela-41', subject: 'heldAt' }),
          expect.objectContaining({ rule: 'mandela-41', subject: 'heard' }),
          expect.objectContaining({ rule: 'mandela-44', subject: 'sanctions[0].days' }),
          expect.objectContaining({ rule: 'mandela-43', subject: 'sanctions[1].kind' }),
          expect.objectContaining({ rule: 'mandela-43', subject: 'sanctions[2].kind' }),
          expect.objectContaining({ rule: 'mandela-43', subject: 'sanctions[3].people' }),
          expect.objectContaining({ rule: 'mandela-43', subject: 'sanctions[4].days' }),
        ]),
      );
      expect(res.violations).toHaveLength(7);
      const words = res.violations!.map((v) => v.message).join(' ');
      expect(words).toMatch(/family contact/);
      expect(words).toMatch(/Collective punishment/);
      expect(words).toContain(other);
      expect(words).toMatch(/never indefinite/);
      expect(words).toMatch(/15 days/);
    });

    it('refuses sanctions on a dismissed charge, a hearing held before the notice, and a second hearing', async () => {
      const { personId, chargeId } = await notified();
      const dismissed = await refused(409, () =>
        post(`/disciplinary-charges/${chargeId}/hearing`, {
          adjudicator: 'Alcaide',
          heard: true,
          outcome: 'dismissed',
          sanctions: [{ kind: 'warning' }],
        }),
      );
      expect(dismissed.violations).toMatchObject([{ rule: 'sanction-without-proof', subject: 'sanctions' }]);
      const early = await refused(409, () =>
        post(`/disciplinary-charges/${chargeId}/hearing`, {
          adjudicator: 'Alcaide',
          heard: true,
          outcome: 'proved',
          heldAt: new Date(Date.now() - 30_000).toISOString(),
        }),
      );
      // before the charge, and so before its notice
      expect(early.violations).toMatchObject([
        { rule: 'time-before-start', subject: 'heldAt' },
        { rule: 'mandela-41', subject: 'heldAt' },
      ]);
      await hear(chargeId, { outcome: 'dismissed' });
      const twice = await refused(409, () =>
        post(`/disciplinary-charges/${chargeId}/hearing`, {
          adjudicator: 'Otro',
          heard: true,
          outcome: 'proved',
        }),
      );
      expect(twice.violations).toMatchObject([{ rule: 'mandela-39', subject: 'chargeId' }]);
      expect((await get(`/disciplinary-charges/${chargeId}`)).json()).toMatchObject({
        personId,
        status: 'dismissed',
        sanctions: [],
      });
    });

    it('refuses a hearing held after the charge but before the notice (mandela-41)', async () => {
      const personId = await admit();
      const chargeId = await charge(personId);
      const { chargedAt } = (await get(`/disciplinary-charges/${chargeId}`)).json();
      // the notice comes later than the charge (a few ms: the times must differ)
      await new Promise((r) => setTimeout(r, 5));
      await notify(chargeId);
      const res = await refused(409, () =>
        post(
          `/disciplinary-charges/${chargeId}/hearing`,
          {
            adjudicator: 'Alcaide',
            heard: true,
            outcome: 'proved',
            heldAt: new Date(new Date(chargedAt).getTime() + 1).toISOString(),
          },
          undefined,
          'es',
        ),
      );
      expect(res.violations).toMatchObject([{ rule: 'mandela-41', subject: 'heldAt' }]);
      expect(res.violations?.[0]?.message).toMatch(/notificación/);
    });

    it('refuses an isolation of a person segregated already', async () => {
      const { personId, chargeId } = await notified();
      const seg = await post('/segregations', { personId, authority: 'Alcaide', reason: 'Protección' });
      expect(seg.statusCode, seg.body).toBe(201);
      const res = await refused(409, () =>
        post(`/disciplinary-charges/${chargeId}/hearing`, {
          adjudicator: 'Alcaide',
          heard: true,
          outcome: 'proved',
          sanctions: [{ kind: 'isolation', days: 5 }],
        }),
      );
      expect(res.violations).toMatchObject([{ rule: 'already-segregated', subject: 'sanctions' }]);
    });

    it('names bad input (400): a kind twice, days for a warning, unknown kinds, days out of range', async () => {
      const { chargeId } = await notified();
      const url = `/disciplinary-charges/${chargeId}/hearing`;
      const base = { adjudicator: 'Alcaide', heard: true, outcome: 'proved' };
      const twice = await refused(400, () =>
        post(url, { ...base, sanctions: [{ kind: 'warning' }, { kind: 'warning' }] }),
      );
      expect(twice.violations).toMatchObject([{ rule: 'invalid-field', subject: 'sanctions[1].kind' }]);
      const warningDays = await refused(400, () =>
        post(url, { ...base, sanctions: [{ kind: 'warning', days: 3 }] }),
      );
      expect(warningDays.violations).toMatchObject([{ rule: 'invalid-field', subject: 'sanctions[0].days' }]);
      const bad = await refused(400, () =>
        post(url, {
          adjudicator: '',
          heard: 'yes',
          outcome: 'guilty',
          sanctions: [{ kind: 'flogging', days: 0 }],
        }),
      );
      const fields = JSON.stringify(bad);
      for (const f of ['adjudicator', 'heard', 'outcome', 'kind', 'days']) expect(fields).toContain(f);
    });

    it('refuses 400 days of isolation under mandela-44 (409), not as bad input', async () => {
      const { chargeId } = await notified();
      const res = await refused(409, () =>
        post(`/disciplinary-charges/${chargeId}/hearing`, {
          adjudicator: 'Alcaide',
          heard: true,
          outcome: 'proved',
          sanctions: [{ kind: 'isolation', days: 400 }],
        }),
      );
      expect(res.violations).toMatchObject([{ rule: 'mandela-44', subject: 'sanctions[0].days' }]);
    });

    it('only a governor holds a hearing; in scope', async () => {
      const { chargeId } = await notified();
      const body = { adjudicator: 'Alcaide', heard: true, outcome: 'dismissed' };
      await refused(403, () => post(`/disciplinary-charges/${chargeId}/hearing`, body, tokens.officer));
      await refused(403, () => post(`/disciplinary-charges/${chargeId}/hearing`, body, tokens.otra));
      const ok = await post(`/disciplinary-charges/${chargeId}/hearing`, body, tokens.governor);
      expect(ok.statusCode, ok.body).toBe(200);
    });
  });

  describe('the national profile', () => {
    it('refuses an isolation beyond the national maximum under its rule, and sanctions outside its catalogue', async () => {
      const { rules, catalogue } = chileDiscipline();
      const { chargeId } = await notified('CHI', {
        offence: {
          code: rules.offences?.find((o) => o.severity === 'grave')?.code ?? 'x',
          severity: 'grave',
          description: 'Agresión',
        },
      });
      const national = rules.isolation.find((l) => l.rule !== 'mandela-44');
      const url = `/disciplinary-charges/${chargeId}/hearing`;
      const base = { adjudicator: 'Alcaide', heard: true, outcome: 'proved' };
      if (national) {
        const res = await refused(409, () =>
          post(url, { ...base, sanctions: [{ kind: 'isolation', days: national.maxDays + 1 }] }),
        );
        expect(rulesOf(res)).toContain(national.rule);
        expect(rulesOf(res)).not.toContain('mandela-44');
        const both = await refused(409, () =>
          post(url, { ...base, sanctions: [{ kind: 'isolation', days: 16 }] }),
        );
        expect(rulesOf(both)).toEqual(expect.arrayContaining([national.rule, 'mandela-44']));
      }
      const missing = (['warning', 'loss-of-privileges', 'visit-restriction', 'isolation'] as const).find(
        (k) => !catalogue[k],
      );
      if (rules.sanctions && missing) {
        const res = await refused(409, () =>
          post(url, {
            ...base,
            sanctions: [{ kind: missing, ...(missing === 'warning' ? {} : { days: 1 }) }],
          }),
        );
        expect(res.violations).toMatchObject([{ rule: 'mandela-37', subject: 'sanctions[0].kind' }]);
      }
      for (const [kind, entry] of Object.entries(catalogue)) {
        const max = entry?.maxDays;
        if (!entry || max === undefined || max >= 365 || kind === 'isolation') continue;
        const res = await refused(409, () => post(url, { ...base, sanctions: [{ kind, days: max + 1 }] }));
        expect(rulesOf(res)).toContain(entry.rule);
      }
    });

    it('answers the catalogue: the floor alone, and a national one merged with it', async () => {
      const floor = (await get('/facilities/FLO/discipline-catalogue', tokens.officer)).json();
      expect(floor).toEqual({
        profile: 'un-mandela',
        offences: [],
        sanctions: {
          warning: expect.objectContaining({ rule: 'mandela-37' }),
          'loss-of-privileges': expect.objectContaining({ rule: 'mandela-37' }),
          'visit-restriction': expect.objectContaining({ rule: 'mandela-37' }),
          isolation: expect.objectContaining({ maxDays: 15 }),
        },
        isolation: { maxDays: 15, rule: 'mandela-44', ref: expect.stringContaining('44') },
        conductRecord: false,
      });
      const { rules, catalogue } = chileDiscipline();
      const cl = (await get('/facilities/CHI/discipline-catalogue')).json();
      expect(cl.profile).toBe('cl');
      expect(cl.offences.map((o: { code: string }) => o.code)).toEqual(
        (rules.offences ?? []).map((o) => o.code),
      );
      expect(Object.keys(cl.sanctions).sort()).toEqual(Object.keys(catalogue).sort());
      expect(cl.sanctions['family-contact-ban']).toBeUndefined();
      expect(cl.isolation.maxDays).toBe(Math.min(15, ...rules.isolation.map((l) => l.maxDays)));
      expect(cl.conductRecord).toBe(rules.conductRecord !== null);
      const outside = await get('/facilities/OTRA/discipline-catalogue', tokens.officer);
      expect(outside.statusCode).toBe(403);
      expect((await get('/facilities/NADA/discipline-catalogue')).statusCode).toBe(404);
    });
  });
});

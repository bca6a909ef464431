import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, admission, smallFacility, testApi } from '../helpers/api.js';

const P = '/api/v1';
/** Today in the test facilities' zone. */
const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'America/Santiago' });
const plusDays = (d: string, n: number) =>
  new Date(Date.parse(d) + n * 86_400_000).toISOString().slice(0, 10);

type Violation = { rule: string; subject?: string; message: string };

describe('activities: work, education and programmes', () => {
  let api: Api;
  let serial = 0;

  /** What a refusal must leave untouched: the register head and every activity table. */
  const state = async () => {
    const db = api.store.db;
    const n = async (t: 'activity' | 'activity_allocation' | 'activity_waitlist' | 'activity_attendance') =>
      Number(
        (
          await db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const head = await db.selectFrom('register_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
    return {
      head,
      activities: await n('activity'),
      allocations: await n('activity_allocation'),
      open: (await db.selectFrom('activity_allocation').select('id').where('ended_at', 'is', null).execute())
        .length,
      waitlist: await n('activity_waitlist'),
      waiting: (await db.selectFrom('activity_waitlist').select('id').where('left_at', 'is', null).execute())
        .length,
      attendance: await sql<{
        rows: string;
      }>`select string_agg(concat_ws('|', day, person_id, present, minutes, reason, seq), ',' order by day, person_id) as rows from activity_attendance`
        .execute(db)
        .then((r) => r.rows[0]?.rows ?? ''),
    };
  };
  /** A refusal: its status and violations [rule, subject], and nothing recorded. */
  const refused = async (
    method: string,
    url: string,
    body: unknown,
    status: number,
    expected: [string, string | undefined][],
  ): Promise<Violation[]> => {
    const before = await state();
    const res = await api.call(method, url, { body });
    expect(res.statusCode, res.body).toBe(status);
    const vs = res.json().violations as Violation[];
    expect(vs.map((v) => [v.rule, v.subject])).toEqual(expected);
    expect(await state()).toEqual(before);
    return vs;
  };
  const admit = async (facility: string, extra: Record<string, unknown> = {}) => {
    const body = admission(facility, extra);
    const res = await api.call('POST', `${P}/admissions`, { body });
    expect(res.statusCode, res.body).toBe(201);
    return {
      personId: res.json().personId as string,
      names: `${body.person.givenNames} ${body.person.familyNames}`,
      body,
    };
  };
  const activity = async (facility: string, places = 10, kind = 'work') => {
    serial++;
    const code = `ACT-${serial}`;
    const res = await api.call('POST', `${P}/activities`, {
      body: { facility, code, name: `Taller ${serial}`, kind, places },
    });
    expect(res.statusCode, res.body).toBe(201);
    return code;
  };
  const allocate = (facility: string, code: string, personId: string) =>
    api.call('POST', `${P}/activity-allocations`, { body: { facility, activity: code, personId } });
  const allocated = async (facility: string, code: string, personId: string) => {
    const res = await allocate(facility, code, personId);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().allocationId as string;
  };
  const events = async (kind: string) =>
    (
      await api.store.db
        .selectFrom('custody_event')
        .select(['person_id', 'facility_code', 'payload'])
        .where('kind', '=', kind)
        .orderBy('seq')
        .execute()
    ).map((e) => ({
      personId: e.person_id,
      facility: e.facility_code,
      payload: typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload,
    }));

  beforeAll(async () => {
    api = await testApi();
    for (const [code, cells] of [
      ['ACT', 3],
      ['OTRA', 2],
      ['SHR', 2],
    ] as const) {
      const res = await api.call('POST', `${P}/facilities`, { body: smallFacility(code, cells) });
      expect(res.statusCode, res.body).toBe(201);
    }
    for (const [code, rivals, scope] of [
      ['FAC-A', ['FAC-B'], 'facility'],
      ['FAC-B', [], 'facility'],
      ['BLK-A', ['BLK-B'], 'block'],
      ['BLK-B', [], 'block'],
    ] as const) {
      const res = await api.call('POST', `${P}/groups`, { body: { code, name: code, rivals, scope } });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(() => api.close());

  it('creates an activity, recorded as an event, and lists it', async () => {
    const res = await api.call('POST', `${P}/activities`, {
      body: { facility: 'ACT', code: 'ESCUELA', name: 'Escuela básica', kind: 'education', places: 25 },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ facility: 'ACT', code: 'ESCUELA' });
    expect((await events('activity.created')).at(-1)).toEqual({
      personId: null,
      facility: 'ACT',
      payload: { code: 'ESCUELA', name: 'Escuela básica', kind: 'education', places: 25 },
    });
    const list = (await api.call('GET', `${P}/facilities/ACT/activities`)).json();
    expect(list.activities).toContainEqual({
      code: 'ESCUELA',
      name: 'Escuela básica',
      kind: 'education',
      places: 25,
      allocated: 0,
      waiting: 0,
    });
  });

  it('refuses a duplicate code (409 activity-exists), bad fields (400, each named) and an unknown facility (404)', async () => {
    const body = { facility: 'ACT', code: 'ESCUELA', name: 'Otra escuela', kind: 'education', places: 5 };
    const [dup] = await refused('POST', `${P}/activities`, body, 409, [['activity-exists', 'code']]);
    expect(dup?.message).toBe('Activity ESCUELA already exists in ACT.');
    const bad = await api.call('POST', `${P}/activities`, {
      body: { facility: 'ACT', code: 'con espacios', name: '', kind: 'leisure', places: 0 },
    });
    expect(bad.statusCode).toBe(400);
    const named = (bad.json().violations as Violation[]).map((v) => v.subject ?? '');
    for (const f of ['code', 'name', 'kind', 'places'])
      expect(
        named.some((s) => s.includes(f)),
        f,
      ).toBe(true);
    const before = await state();
    const tooMany = await api.call('POST', `${P}/activities`, {
      body: { ...body, code: 'X', places: 10_001 },
    });
    expect(tooMany.statusCode).toBe(400);
    expect((await state()).head).toEqual(before.head);
    const unknown = await api.call('POST', `${P}/activities`, { body: { ...body, facility: 'NADA' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().violations[0].rule).toBe('unknown-facility');
    expect(await state()).toEqual(before);
  });

  it('allocates while there are places, then refuses activity-full (places 1); an ended allocation frees its place', async () => {
    const code = await activity('ACT', 1);
    const [a, b] = [await admit('ACT'), await admit('ACT')];
    const allocationId = await allocated('ACT', code, a.personId);
    expect((await events('activity.allocated')).at(-1)).toMatchObject({
      personId: a.personId,
      facility: 'ACT',
      payload: { allocationId, activity: code },
    });
    const [full] = await refused(
      'POST',
      `${P}/activity-allocations`,
      { facility: 'ACT', activity: code, personId: b.personId },
      409,
      [['activity-full', 'activity']],
    );
    expect(full?.message).toMatch(/is full: all 1 places are taken/);
    await refused(
      'POST',
      `${P}/activity-allocations`,
      { facility: 'ACT', activity: code, personId: a.personId },
      409,
      [['already-allocated', 'personId']],
    );
    await refused(
      'POST',
      `${P}/activity-allocations`,
      { facility: 'ACT', activity: 'NADA', personId: b.personId },
      404,
      [['unknown-activity', undefined]],
    );

    const end = await api.call('POST', `${P}/activity-allocations/${allocationId}/end`, {
      body: { reason: 'Terminó el taller' },
    });
    expect(end.statusCode, end.body).toBe(200);
    expect((await events('activity.allocation-ended')).at(-1)).toMatchObject({
      personId: a.personId,
      payload: { allocationId, activity: code, reason: 'Terminó el taller' },
    });
    await refused('POST', `${P}/activity-allocations/${allocationId}/end`, { reason: 'otra vez' }, 409, [
      ['allocation-ended', 'allocationId'],
    ]);
    await refused('POST', `${P}/activity-allocations/nadie/end`, { reason: 'x' }, 404, [
      ['unknown-allocation', undefined],
    ]);
    await allocated('ACT', code, b.personId);
  });

  it('refuses someone not in custody and someone held in another facility', async () => {
    const code = await activity('ACT');
    const elsewhere = await admit('OTRA');
    await refused(
      'POST',
      `${P}/activity-allocations`,
      { facility: 'ACT', activity: code, personId: elsewhere.personId },
      409,
      [['not-in-facility', 'personId']],
    );
    const gone = await admit('ACT');
    const other = await activity('ACT');
    const firstAllocation = await allocated('ACT', code, gone.personId);
    const firstEntry = await api.call('POST', `${P}/facilities/ACT/activities/${other}/waiting-list`, {
      body: { personId: gone.personId },
    });
    expect(firstEntry.statusCode, firstEntry.body).toBe(201);
    const rel = await api.call('POST', `${P}/releases`, {
      body: {
        personId: gone.personId,
        reason: 'Sobreseimiento',
        legalBasis: { kind: 'release-order', reference: 'L-9', issuedBy: 'JG', issuedAt: today() },
      },
    });
    expect(rel.statusCode, rel.body).toBe(200);
    await refused(
      'POST',
      `${P}/activity-allocations`,
      { facility: 'ACT', activity: code, personId: gone.personId },
      409,
      [['not-in-custody', 'personId']],
    );
    await refused(
      'POST',
      `${P}/facilities/ACT/activities/${code}/waiting-list`,
      { personId: elsewhere.personId },
      409,
      [['not-in-facility', 'personId']],
    );
    // released, the person keeps the allocation row (history) but no longer counts
    const listed = (await api.call('GET', `${P}/facilities/ACT/activities`)).json().activities;
    expect(listed.find((x: { code: string }) => x.code === code)).toMatchObject({ allocated: 0 });
    expect(listed.find((x: { code: string }) => x.code === other)).toMatchObject({ waiting: 0 });

    // readmitted: a new custody; the stale allocation and entry give way to new ones
    const again = await api.call('POST', `${P}/admissions`, {
      body: {
        ...gone.body,
        personId: gone.personId,
        legalBasis: { ...gone.body.legalBasis, reference: 'RIT-2-2027' },
      },
    });
    expect(again.statusCode, again.body).toBe(201);
    const second = await allocated('ACT', code, gone.personId);
    expect(second).not.toBe(firstAllocation);
    expect((await events('activity.allocation-ended')).at(-1)).toMatchObject({
      personId: gone.personId,
      payload: { allocationId: firstAllocation, reason: 'custody-ended' },
    });
    const rows = await api.store.db
      .selectFrom('activity_allocation')
      .select(['id', 'end_reason'])
      .where('person_id', '=', gone.personId)
      .orderBy('seq')
      .execute();
    expect(rows).toEqual([
      { id: firstAllocation, end_reason: 'custody-ended' },
      { id: second, end_reason: null },
    ]);
    const entry = await api.call('POST', `${P}/facilities/ACT/activities/${other}/waiting-list`, {
      body: { personId: gone.personId },
    });
    expect(entry.statusCode, entry.body).toBe(201);
    expect(entry.json().position).toBe(1);
  });

  it('refuses a person under an individual non-association with someone allocated there, naming the other', async () => {
    const code = await activity('ACT');
    const [a, b, c] = [await admit('ACT'), await admit('ACT'), await admit('ACT')];
    for (const other of [b, c]) {
      const na = await api.call('POST', `${P}/non-associations`, {
        body: { personA: a.personId, personB: other.personId, scope: 'cell', reason: 'threat' },
      });
      expect(na.statusCode, na.body).toBe(201);
      await allocated('ACT', code, other.personId);
    }
    const vs = await refused(
      'POST',
      `${P}/activity-allocations`,
      { facility: 'ACT', activity: code, personId: a.personId },
      409,
      [
        ['non-association', 'personId'],
        ['non-association', 'personId'],
      ],
    );
    // every person to be kept apart is named, in words
    expect(vs[0]?.message).toContain(a.names);
    expect(vs.map((v) => v.message).join(' ')).toContain(b.names);
    expect(vs.map((v) => v.message).join(' ')).toContain(c.names);
    // elsewhere, the person may have an activity
    await allocated('ACT', await activity('ACT'), a.personId);
  });

  it('refuses members of rival groups of facility scope; a rivalry of block scope does not bar an activity', async () => {
    const code = await activity('ACT');
    const blockA = await admit('ACT', { groups: ['BLK-A'] });
    const blockB = await admit('ACT', { groups: ['BLK-B'] });
    await allocated('ACT', code, blockA.personId);
    await allocated('ACT', code, blockB.personId);

    // Housing never admits members of groups rival at facility scope into one facility, so the two
    // are admitted without groups and their membership (learned later) is set on their custodies.
    const facA = await admit('ACT');
    const facB = await admit('ACT');
    for (const [p, g] of [
      [facA, 'FAC-A'],
      [facB, 'FAC-B'],
    ] as const)
      await sql`update custody set groups = array[${g}]::text[] where person_id = ${p.personId} and released_at is null`.execute(
        api.store.db,
      );
    await allocated('ACT', code, facA.personId);
    const [v] = await refused(
      'POST',
      `${P}/activity-allocations`,
      { facility: 'ACT', activity: code, personId: facB.personId },
      409,
      [['non-association', 'personId']],
    );
    expect(v?.message).toContain(facB.names);
    expect(v?.message).toContain(facA.names);
    const es = await api.call('POST', `${P}/activity-allocations`, {
      body: { facility: 'ACT', activity: code, personId: facB.personId },
      lang: 'es',
    });
    expect(es.json().violations[0].message).toMatch(/rival de FAC-\w en todo el recinto/);
  });

  it('keeps a waiting list in order; allocating a person closes their entry', async () => {
    const code = await activity('ACT', 2, 'programme');
    const [a, b, c] = [await admit('ACT'), await admit('ACT'), await admit('ACT')];
    const wait = (personId: string) =>
      api.call('POST', `${P}/facilities/ACT/activities/${code}/waiting-list`, { body: { personId } });
    const first = await wait(a.personId);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ entryId: expect.any(String), position: 1 });
    expect((await wait(b.personId)).json().position).toBe(2);
    expect((await events('activity.waitlisted')).at(-1)).toMatchObject({
      personId: b.personId,
      facility: 'ACT',
      payload: { activity: code },
    });
    await refused(
      'POST',
      `${P}/facilities/ACT/activities/${code}/waiting-list`,
      { personId: a.personId },
      409,
      [['already-waiting', 'personId']],
    );
    await refused('POST', `${P}/facilities/ACT/activities/NADA/waiting-list`, { personId: a.personId }, 404, [
      ['unknown-activity', undefined],
    ]);

    await allocated('ACT', code, a.personId);
    const entry = await api.store.db
      .selectFrom('activity_waitlist')
      .select(['left_reason', 'left_at'])
      .where('id', '=', first.json().entryId)
      .executeTakeFirstOrThrow();
    expect(entry.left_reason).toBe('allocated');
    expect(entry.left_at).not.toBeNull();
    await refused(
      'POST',
      `${P}/facilities/ACT/activities/${code}/waiting-list`,
      { personId: a.personId },
      409,
      [['already-allocated', 'personId']],
    );
    expect((await wait(c.personId)).json().position).toBe(2);

    const detail = (await api.call('GET', `${P}/facilities/ACT/activities/${code}`)).json();
    expect(detail).toMatchObject({ code, kind: 'programme', places: 2, allocated: 1, waiting: 2 });
    expect(detail.allocations).toEqual([
      {
        allocationId: expect.any(String),
        personId: a.personId,
        names: a.names,
        cell: expect.any(String),
        startedAt: expect.any(String),
      },
    ]);
    expect(detail.waitingList.map((w: { personId: string }) => w.personId)).toEqual([b.personId, c.personId]);
    expect(detail.waitingList[0]).toMatchObject({
      entryId: expect.any(String),
      names: b.names,
      addedAt: expect.any(String),
    });
    // the answer names people: one access-log row naming all of them
    const logged = await api.store.db
      .selectFrom('access_log')
      .select(['action', 'people', 'facility_code'])
      .where('action', '=', 'unit.read')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(logged.facility_code).toBe('ACT');
    expect([...(logged.people ?? [])].sort()).toEqual([a.personId, b.personId, c.personId].sort());
    const listed = (await api.call('GET', `${P}/facilities/ACT/activities`)).json().activities;
    expect(listed.find((x: { code: string }) => x.code === code)).toMatchObject({ allocated: 1, waiting: 2 });
    expect((await api.call('GET', `${P}/facilities/ACT/activities/NADA`)).statusCode).toBe(404);
  });

  it('records attendance; the same day again replaces it (a new event, the rows updated)', async () => {
    const code = await activity('ACT');
    const [a, b, outsider] = [await admit('ACT'), await admit('ACT'), await admit('ACT')];
    await allocated('ACT', code, a.personId);
    await allocated('ACT', code, b.personId);
    const url = `${P}/facilities/ACT/activities/${code}/attendance`;
    const day = today();
    const res = await api.call('POST', url, {
      body: {
        date: day,
        minutes: 120,
        present: [a.personId],
        absent: [{ personId: b.personId, reason: 'En audiencia' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ date: day, present: 1, absent: 1, replaced: 0 });
    expect((await events('activity.attendance-recorded')).at(-1)).toEqual({
      personId: null,
      facility: 'ACT',
      payload: {
        activity: code,
        date: day,
        minutes: 120,
        present: [a.personId],
        absent: [{ personId: b.personId, reason: 'En audiencia' }],
      },
    });
    const again = await api.call('POST', url, {
      body: {
        date: day,
        minutes: 60,
        present: [b.personId],
        absent: [{ personId: a.personId, reason: 'Enfermo' }],
      },
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ present: 1, absent: 1, replaced: 2 });
    expect(
      (await events('activity.attendance-recorded')).filter((e) => e.payload.activity === code),
    ).toHaveLength(2);
    const rows = await api.store.db
      .selectFrom('activity_attendance')
      .select(['person_id', 'present', 'minutes', 'reason'])
      .where('activity_code', '=', code)
      .orderBy('present')
      .execute();
    expect(rows).toEqual([
      { person_id: a.personId, present: false, minutes: 0, reason: 'Enfermo' },
      { person_id: b.personId, present: true, minutes: 60, reason: null },
    ]);
    const detail = (await api.call('GET', `${P}/facilities/ACT/activities/${code}`)).json();
    expect(detail.attendance).toEqual([{ date: day, present: 1, absent: 1 }]);

    const body = (extra: Record<string, unknown>) => ({
      date: day,
      minutes: 60,
      present: [],
      absent: [],
      ...extra,
    });
    await refused('POST', url, body({ minutes: -1, present: [a.personId] }), 400, [
      ['invalid-field', 'minutes'],
    ]);
    const twice = await refused(
      'POST',
      url,
      body({ present: [a.personId], absent: [{ personId: a.personId, reason: 'x' }] }),
      400,
      [['invalid-field', 'absent[0].personId']],
    );
    expect(twice[0]?.message).toBeTruthy();
    await refused('POST', url, body({ present: [a.personId, a.personId] }), 400, [
      ['invalid-field', 'present[1]'],
    ]);
    await refused('POST', url, body({ date: plusDays(day, 2), present: [a.personId] }), 409, [
      ['date-in-future', 'date'],
    ]);
    const [na] = await refused(
      'POST',
      url,
      body({ present: [a.personId, outsider.personId], absent: [{ personId: 'nadie', reason: 'x' }] }),
      409,
      [
        ['not-allocated', 'present[1]'],
        ['not-allocated', 'absent[0].personId'],
      ],
    );
    expect(na?.message).toContain(outsider.names);
    // before the allocation began, nobody was allocated
    await refused('POST', url, body({ date: plusDays(day, -3), present: [a.personId] }), 409, [
      ['not-allocated', 'present[0]'],
    ]);
  });

  it('answers the share of people held who have an activity; released and transferred people no longer count', async () => {
    const empty = (await api.call('GET', `${P}/facilities/SHR/activities`)).json();
    expect(empty).toMatchObject({ activities: [], held: 0, withActivity: 0, share: 0 });
    const people = [await admit('SHR'), await admit('SHR'), await admit('SHR'), await admit('SHR')];
    const [one, two] = [await activity('SHR'), await activity('SHR')];
    await allocated('SHR', one, must(people[0]).personId);
    await allocated('SHR', two, must(people[0]).personId);
    await allocated('SHR', one, must(people[1]).personId);
    const list = (await api.call('GET', `${P}/facilities/SHR/activities`)).json();
    expect(list).toMatchObject({ held: 4, withActivity: 2, share: 0.5 });
    expect(byCode(list)).toEqual({ [one]: 2, [two]: 1 });

    // a transfer keeps the allocation row but it no longer counts here, nor takes a place
    const moved = await api.call('POST', `${P}/transfers`, {
      body: { personIds: [must(people[1]).personId], toFacility: 'OTRA', reason: 'Descongestión' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = (await api.call('GET', `${P}/facilities/SHR/activities`)).json();
    expect(after).toMatchObject({ held: 3, withActivity: 1, share: 0.3333 });
    expect(byCode(after)).toEqual({ [one]: 1, [two]: 1 });
    const kept = await api.store.db
      .selectFrom('activity_allocation')
      .select('ended_at')
      .where('person_id', '=', must(people[1]).personId)
      .execute();
    expect(kept).toEqual([{ ended_at: null }]);
  });
});

const byCode = (list: { activities: { code: string; allocated: number }[] }) =>
  Object.fromEntries(list.activities.map((a) => [a.code, a.allocated]));

function must<T>(v: T | undefined): T {
  if (v === undefined) throw new Error('missing');
  return v;
}

/**
 * Person search at national scale (bench/national-db.ts: 1 million people on PostgreSQL): for people
 * drawn at random, their name typed in lower case without accents, the same with one letter wrong,
 * their national id and their register number — each query timed on its own through `searchPeople`
 * (what GET /api/v1/people runs). Baseline in the same run: fetching a person by primary key.
 */
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { searchPeople } from '../src/store/people.js';
import { describe, fmt, NATIONAL, nationalStore, percentile, timings } from './national-db.js';

const SAMPLE = Number(process.env.BENCH_SEARCH_SAMPLE ?? 200);

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** One letter of the first family name changed, as a hurried clerk would (not the first letter). */
function typo(family: string, k: number): string {
  const word = family.split(' ')[0]!;
  const i = 1 + (k % Math.max(1, word.length - 1));
  const swap: Record<string, string> = {
    z: 's',
    s: 'z',
    n: 'm',
    m: 'n',
    v: 'b',
    b: 'v',
    i: 'y',
    y: 'i',
    e: 'a',
    a: 'e',
    o: 'u',
    u: 'o',
    r: 'l',
    l: 'r',
  };
  const c = word[i]!.toLowerCase();
  const changed = word.slice(0, i) + (swap[c] ?? 'e') + word.slice(i + 1);
  return [changed, ...family.split(' ').slice(1)].join(' ');
}

export async function benchSearch() {
  const store = await nationalStore(NATIONAL);
  try {
    const size = await describe(store);
    const people = (
      await sql<{
        id: string;
        given_names: string;
        family_names: string;
        national_id: string;
        created_seq: number;
        facility: string;
      }>`
        select id, given_names, family_names, national_id, created_seq,
          (select x.facility_code from custody x where x.person_id = p.id order by x.admitted_at desc, x.id desc limit 1) as facility
        from person p tablesample bernoulli (0.1) repeatable (7)
        order by md5(id) limit ${SAMPLE + 20}`.execute(store.db)
    ).rows;
    // the last twenty only warm the caches, as a running server's would be
    const warm = people.splice(SAMPLE);
    type Person = (typeof people)[number];
    const kinds: { kind: string; q: (p: Person, k: number) => string; scoped?: boolean }[] = [
      {
        kind: 'name, no accents or capitals',
        q: (p) => fold(`${p.given_names.split(' ')[0]} ${p.family_names}`),
      },
      {
        kind: 'name with one letter wrong',
        q: (p, k) => fold(`${p.given_names.split(' ')[0]} ${typo(p.family_names, k)}`),
      },
      {
        kind: 'name, by a user of one facility (theirs)',
        q: (p) => fold(`${p.given_names.split(' ')[0]} ${p.family_names}`),
        scoped: true,
      },
      { kind: 'national id', q: (p) => p.national_id },
      { kind: 'register number', q: (p) => `N° ${p.created_seq}` },
    ];
    const search = (q: string, scope: string[] | null = null) =>
      searchPeople(store.db, q, { scope, limit: 20 });
    for (const p of warm) await search(fold(p.family_names));
    const rows = [];
    const all: number[] = [];
    for (const k of kinds) {
      let found = 0;
      const ms = await timings(
        people.map((p, i) => ({ p, q: k.q(p, i) })),
        async ({ p, q }) => {
          const r = await search(q, k.scoped ? [p.facility] : null);
          if (r.some((x) => x.personId === p.id)) found++;
        },
      );
      all.push(...ms);
      rows.push({
        kind: k.kind,
        p50: percentile(ms, 50),
        p95: percentile(ms, 95),
        found: found / people.length,
      });
    }
    const pk = await timings(people, (p) =>
      store.db.selectFrom('person').selectAll().where('id', '=', p.id).executeTakeFirst(),
    );
    return { size, sample: people.length, rows, p95: percentile(all, 95), pkP95: percentile(pk, 95) };
  } finally {
    await store.close();
  }
}

export function searchTable(r: Awaited<ReturnType<typeof benchSearch>>): string {
  const lines = [
    `${fmt(r.size.people)} people, ${fmt(r.size.events)} events, ${r.size.facilities} facilities; ${r.sample} people drawn at random, one query each per row`,
    '',
    '| query | p50 ms | p95 ms | the person among the results |',
    '|---|---:|---:|---:|',
    ...r.rows.map((x) => `| ${x.kind} | ${fmt(x.p50, 1)} | ${fmt(x.p95, 1)} | ${fmt(x.found * 100)} % |`),
    `| **all queries** | | **${fmt(r.p95, 1)}** | |`,
    `| baseline: a person by primary key | | ${fmt(r.pkP95, 2)} | |`,
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) console.log(searchTable(await benchSearch()));

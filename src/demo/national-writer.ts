import { type EventBody, eventHash } from '../domain/register/chain.js';
import type { ReleaseDates } from '../domain/sentences/calculate.js';
import { copyLine, textArray } from '../store/copy-text.js';
import type { BulkLoad } from '../store/db.js';
import type { NewEvent } from '../store/register.js';
import type { DemoSentence } from './sentences.js';

/** The columns the national demo writes, per table, in COPY order. */
const COLUMNS = {
  person: ['id', 'given_names', 'family_names', 'date_of_birth', 'sex', 'national_id', 'created_seq'],
  custody: [
    'id',
    'person_id',
    'facility_code',
    'status',
    'admitted_status',
    'security_level',
    'groups',
    'legal_basis',
    'admitted_at',
    'admitted_seq',
    'cell_id',
    'released_at',
    'released_seq',
    'release_reason',
    'needs',
    'young',
    'injuries',
  ],
  // after custody: a sentence and its dates refer to their custody
  sentence: [
    'id',
    'person_id',
    'custody_id',
    'case_reference',
    'court',
    'imposed_at',
    'length',
    'offence_category',
    'relation_kind',
    'relation_to',
    'seq',
    'corrected_seq',
  ],
  release_dates: [
    'custody_id',
    'person_id',
    'release_date',
    'parole_date',
    'sunday_leave_date',
    'credited_days',
    'reduced_days',
    'case_references',
    'seq',
  ],
  stay: ['person_id', 'custody_id', 'facility_code', 'unit_id', 'during', 'start_seq', 'end_seq'],
  duty: [
    'id',
    'kind',
    'person_id',
    'custody_id',
    'facility_code',
    'since',
    'opened_seq',
    'done_at',
    'done_seq',
    'done_note',
    'cancelled_at',
    'cancelled_seq',
    'done_language',
  ],
  custody_event: [
    'seq',
    'recorded_at',
    'effective_at',
    'actor',
    'kind',
    'person_id',
    'facility_code',
    'corrects',
    'payload',
    'prev_hash',
    'hash',
  ],
} as const;

type Table = keyof typeof COLUMNS;
/** A row of a projection table, its values in the order of its columns above. */
export type CopyRow = readonly (string | number | boolean | null)[];

/**
 * The national demo's writer: register events appended as the application appends them (the same
 * typed events, numbered and hash-chained in order from the register head), and projection rows,
 * all held as COPY text until `flush` sends them.
 */
export class CopyWriter {
  private rows: Record<Table, string[]> = {
    person: [],
    custody: [],
    sentence: [],
    release_dates: [],
    stay: [],
    duty: [],
    custody_event: [],
  };
  /** events appended */
  count = 0;

  /** the last event appended: at first, the register head the events follow */
  private head = { seq: 0, hash: '' };

  constructor(private readonly actor: string) {}

  /** Appends from here on after this register head (read under its lock). */
  follow(head: { seq: number; hash: string }): void {
    this.head = { ...head };
  }

  /** The number of the last event appended (or of the head). */
  get seq(): number {
    return this.head.seq;
  }

  get hash(): string {
    return this.head.hash;
  }

  /** events held, not yet sent */
  get pending(): number {
    return this.rows.custody_event.length;
  }

  /**
   * Appends an event, recorded when it takes effect unless `recordedAt` says otherwise (a sentence
   * takes effect on the day it was imposed, and is recorded at the admission); returns its number.
   */
  append(e: NewEvent, recordedAt: Date = e.effectiveAt): number {
    const seq = this.head.seq + 1;
    const body: EventBody = {
      seq,
      recordedAt,
      effectiveAt: e.effectiveAt,
      actor: this.actor,
      kind: e.kind,
      personId: e.personId ?? null,
      facility: e.facility ?? null,
      corrects: e.corrects ?? null,
      payload: e.payload,
    };
    const hash = eventHash(this.head.hash, body);
    const iso = e.effectiveAt.toISOString();
    this.rows.custody_event.push(
      copyLine([
        seq,
        recordedAt.toISOString(),
        iso,
        this.actor,
        e.kind,
        body.personId,
        body.facility,
        body.corrects,
        JSON.stringify(e.payload),
        this.head.hash,
        hash,
      ]),
    );
    this.head = { seq, hash };
    this.count++;
    return seq;
  }

  /** Holds a projection row. */
  row(table: Exclude<Table, 'custody_event'>, values: CopyRow): void {
    this.rows[table].push(copyLine(values));
  }

  /**
   * Holds a custody's sentences (imposed by the events `seqs`) and its release dates: the rows
   * `recordSentence` leaves in `sentence` and `release_dates`.
   */
  sentenceRows(
    custodyId: string,
    personId: string,
    facts: readonly DemoSentence[],
    seqs: readonly number[],
    dates: ReleaseDates,
  ): void {
    facts.forEach((f, i) => {
      this.row('sentence', [
        f.id,
        personId,
        custodyId,
        f.caseReference,
        f.court,
        f.imposedAt,
        JSON.stringify(f.length),
        f.offenceCategory,
        f.relation?.kind ?? null,
        f.relation?.to ?? null,
        seqs[i]!,
        null,
      ]);
    });
    this.row('release_dates', [
      custodyId,
      personId,
      dates.releaseDate,
      dates.paroleEligibilityDate,
      dates.sundayLeaveDate,
      dates.creditedDays,
      dates.reducedDays,
      textArray([...new Set(facts.map((f) => f.caseReference))].map((r) => `"${r}"`)),
      seqs[seqs.length - 1]!,
    ]);
  }

  /** Sends every row held, table by table (people before their custodies, and so on). */
  async flush(load: BulkLoad): Promise<void> {
    for (const table of Object.keys(COLUMNS) as Table[]) {
      if (!this.rows[table].length) continue;
      await load.copy(table, COLUMNS[table], this.rows[table].join(''));
      this.rows[table] = [];
    }
  }
}

/**
 * A bulk load's usual course: the tables' secondary indexes and exclusion constraints dropped, and the
 * register's insert trigger disabled, then all rebuilt from their own definitions once the rows are in
 * (much faster than row by row). Rebuilding checks what they checked — a unique index or exclusion
 * constraint that no longer holds fails the build, and the trigger's two rules are checked over the
 * whole register at once — so a bad load still rolls back entirely.
 */
export async function withoutIndexes(load: BulkLoad, tables: string[]): Promise<() => Promise<void>> {
  const found = await load.query<{ tbl: string; name: string; def: string; is_constraint: boolean }>(
    `select c.relname as tbl, i.relname as name, con.conname is not null as is_constraint,
       coalesce(pg_get_constraintdef(con.oid), pg_get_indexdef(i.oid)) as def
     from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid
     left join pg_constraint con on con.conindid = i.oid and con.conrelid = c.oid and con.contype in ('u', 'x')
     where c.relname = any($1) and c.relnamespace = 'public'::regnamespace and not c.relispartition
       and not x.indisprimary
     order by c.relname, i.relname`,
    [tables],
  );
  for (const ix of found) {
    await load.query(
      ix.is_constraint ? `alter table ${ix.tbl} drop constraint ${ix.name}` : `drop index ${ix.name}`,
    );
  }
  // dropped, not disabled: a disabled statement trigger with a transition table still makes every
  // COPY keep a copy of its rows for it (and takes the slow path into partitions)
  await load.query('drop trigger custody_event_insert_check on custody_event');
  return async () => {
    for (const ix of found) {
      // an index of a partitioned table is defined "ON ONLY" the parent: built again, it must cover
      // every partition
      await load.query(
        ix.is_constraint
          ? `alter table ${ix.tbl} add constraint ${ix.name} ${ix.def}`
          : ix.def.replace(' ON ONLY ', ' ON '),
      );
    }
    await load.query(
      `create trigger custody_event_insert_check after insert on custody_event
        referencing new table as added for each statement execute function custody_event_insert_check_set()`,
    );
    const [bad] = await load.query<{ twice: number; corrects: number }>(
      `select (select count(*) from (select seq from custody_event group by seq having count(*) > 1) d)::int as twice,
         (select count(*) from custody_event e where e.corrects is not null and not exists
           (select 1 from custody_event p where p.seq = e.corrects and p.seq < e.seq))::int as corrects`,
    );
    if (bad!.twice || bad!.corrects)
      throw new Error(
        `register check failed: ${bad!.twice} numbers given twice, ${bad!.corrects} corrections of no earlier event`,
      );
  };
}

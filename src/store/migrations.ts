/**
 * Schema migrations, applied in order at start-up, each in its own transaction. One SQL dialect:
 * everything here runs on PGlite (PostgreSQL 18 in WebAssembly) and on PostgreSQL 15 and later.
 * Never edit a migration that has shipped; add a new one.
 */
import { dailyLifeMigrations } from './migrations-daily-life.js';
import { haMigrations } from './migrations-ha.js';
import { rightsMigrations } from './migrations-rights.js';
import { sentenceMigrations } from './migrations-sentences.js';
import { throughputMigrations } from './migrations-throughput.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'register, facilities, custody, users',
    sql: /* sql */ `
create extension if not exists btree_gist;
create extension if not exists pg_trgm;
create extension if not exists unaccent;

create table app_user (
  id serial primary key,
  username text not null unique,
  password_hash text not null,
  roles text[] not null check (roles <@ array['admin','records','officer','governor','medical','inspector']),
  facilities text[] not null default '{}',
  disabled boolean not null default false,
  created_at timestamptz not null default now()
);

create table auth_token (
  token_hash text primary key,
  user_id int not null references app_user(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);

-- The custody register: append-only, hash-chained. Everything else below is a projection of it,
-- written in the same transaction as the event that causes it.
create table register_head (
  id int primary key check (id = 1),
  seq bigint not null,
  hash text not null
);
insert into register_head values (1, 0, repeat('0', 64));

create table custody_event (
  seq bigint primary key,
  recorded_at timestamptz not null,
  effective_at timestamptz not null,
  actor text not null,
  kind text not null,
  person_id text,
  facility_code text,
  corrects bigint references custody_event(seq),
  payload jsonb not null,
  prev_hash text not null,
  hash text not null
);
create index custody_event_person on custody_event (person_id, seq) where person_id is not null;
create index custody_event_corrects on custody_event (corrects) where corrects is not null;

create function custody_event_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'custody_event is append-only: % refused; record a correction event instead', tg_op
    using errcode = 'P0001', hint = 'custodia-append-only';
end
$$;
create trigger custody_event_no_update before update or delete on custody_event
  for each row execute function custody_event_append_only();
create trigger custody_event_no_truncate before truncate on custody_event
  for each statement execute function custody_event_append_only();

create table facility (
  code text primary key,
  name text not null,
  timezone text not null,
  jurisdiction text not null,
  created_at timestamptz not null,
  created_seq bigint not null
);

create table unit (
  id serial primary key,
  facility_code text not null references facility(code),
  code text not null,
  kind text not null check (kind in ('block', 'landing', 'cell')),
  parent_id int references unit(id),
  position int not null,
  design int check (design >= 0),
  operational int check (operational >= 0),
  area_m2 double precision check (area_m2 > 0),
  attributes text[] not null default '{}',
  unique (facility_code, code),
  check ((kind = 'cell') = (design is not null and operational is not null))
);
create index unit_facility on unit (facility_code, position);

create table unit_capacity (
  unit_id int not null references unit(id),
  effective_at timestamptz not null,
  seq bigint not null,
  design int not null,
  operational int not null,
  primary key (unit_id, seq)
);

create table cell_occupancy (
  unit_id int primary key references unit(id),
  occupants int not null default 0 check (occupants >= 0)
);

create table person (
  id text primary key,
  given_names text not null,
  family_names text not null,
  date_of_birth date not null,
  sex text not null,
  national_id text,
  created_seq bigint not null
);
create unique index person_national_id on person (national_id) where national_id is not null;

create table custody (
  id text primary key,
  person_id text not null references person(id),
  facility_code text not null references facility(code),
  status text not null,
  security_level text,
  groups text[] not null default '{}',
  legal_basis jsonb not null,
  admitted_at timestamptz not null,
  admitted_seq bigint not null,
  cell_id int references unit(id),
  released_at timestamptz,
  released_seq bigint,
  release_reason text
);
-- at most one open custody per person, whatever runs concurrently
create unique index custody_open_person on custody (person_id) where released_at is null;
create index custody_open_facility on custody (facility_code) where released_at is null;
create index custody_open_cell on custody (cell_id) where released_at is null;

-- Where each person was, and when: the history behind the roll at any past moment.
create table stay (
  id bigserial primary key,
  person_id text not null references person(id),
  custody_id text not null references custody(id),
  facility_code text not null,
  unit_id int not null references unit(id),
  during tstzrange not null,
  start_seq bigint not null,
  end_seq bigint,
  constraint stay_no_overlap exclude using gist (person_id with =, during with &&)
);
create index stay_facility_during on stay using gist (facility_code, during);
create index stay_unit_during on stay using gist (unit_id, during);
`,
  },
  {
    version: 2,
    name: 'housing: acceptance rules, groups, rivalries, non-associations',
    sql: /* sql */ `
-- what a unit accepts (security levels, untried/sentenced, sexes); cells inherit their parents' rules
alter table unit add column accepts jsonb;
alter table custody add column needs text[] not null default '{}';
-- under 21 at admission: kept apart from adults (Mandela rule 11)
alter table custody add column young boolean not null default false;

create table grp (
  code text primary key,
  name text not null,
  created_at timestamptz not null,
  created_seq bigint not null
);

-- a rivalry between two groups (by code, a < b), at the widest scope ever declared for the pair
create table group_rivalry (
  a text not null,
  b text not null,
  scope text not null check (scope in ('cell', 'landing', 'block', 'facility')),
  seq bigint not null,
  primary key (a, b),
  check (a < b)
);

create table non_association (
  id text primary key,
  person_a text not null references person(id),
  person_b text not null references person(id),
  scope text not null check (scope in ('cell', 'landing', 'block', 'facility')),
  reason text not null,
  details text,
  opened_at timestamptz not null,
  opened_seq bigint not null,
  closed_at timestamptz,
  closed_seq bigint,
  close_reason text,
  check (person_a <> person_b)
);
-- one open record per pair, whichever way round it was entered
create unique index non_association_open_pair on non_association (least(person_a, person_b), greatest(person_a, person_b))
  where closed_at is null;
create index non_association_open_a on non_association (person_a) where closed_at is null;
create index non_association_open_b on non_association (person_b) where closed_at is null;

create index custody_event_facility_time on custody_event (facility_code, effective_at);
`,
  },
  {
    version: 3,
    name: 'safeguards: regimes, duties, segregation, deaths',
    sql: /* sql */ `
-- the regime of a facility; a block may have its own
alter table facility add column regime jsonb;
alter table unit add column regime jsonb;
-- injuries or signs of ill-treatment seen at admission (Mandela Rules 7 and 34)
alter table custody add column injuries text;

-- a duty with a deadline: the clock starts at \`since\`; each profile sets its own limit
create table duty (
  id text primary key,
  kind text not null,
  person_id text not null references person(id),
  custody_id text not null references custody(id),
  facility_code text not null,
  since timestamptz not null,
  opened_seq bigint not null,
  done_at timestamptz,
  done_seq bigint,
  done_note text,
  cancelled_at timestamptz,
  cancelled_seq bigint
);
create index duty_open on duty (facility_code, kind) where done_at is null and cancelled_at is null;
create index duty_person on duty (person_id);

create table segregation (
  id text primary key,
  person_id text not null references person(id),
  custody_id text not null references custody(id),
  facility_code text not null,
  started_at timestamptz not null,
  authority text not null,
  reason text not null,
  started_seq bigint not null,
  ended_at timestamptz,
  ended_seq bigint
);
create index segregation_facility on segregation (facility_code) where ended_at is null;

create table death (
  person_id text primary key references person(id),
  custody_id text not null references custody(id),
  facility_code text not null,
  died_at timestamptz not null,
  circumstances text not null,
  seq bigint not null
);
`,
  },
  {
    version: 4,
    name: 'person search: accent- and case-insensitive trigram index',
    sql: /* sql */ `
-- unaccent is not immutable (its dictionary can change); this wrapper names the dictionary, so it
-- may be used in an index
create function custodia_fold(text) returns text language sql immutable parallel safe strict
  as $$ select lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
create index person_name_trgm on person using gin (custodia_fold(given_names || ' ' || family_names) gin_trgm_ops);
`,
  },
  {
    version: 5,
    name: 'access log, sign-in lockout, incidents',
    sql: /* sql */ `
-- consecutive failed sign-ins; at the limit the account is locked for a while
alter table app_user add column failed_sign_ins int not null default 0;
alter table app_user add column locked_until timestamptz;

-- Who read which person's record, and what administrators did to accounts. Append-only like the
-- register (not hash-chained: see docs/security.md).
create table access_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  user_id int references app_user(id),
  username text not null,
  action text not null,
  person_id text,
  facility_code text,
  detail jsonb
);
create index access_log_person on access_log (person_id, at) where person_id is not null;
create index access_log_user on access_log (username, at);
create index access_log_at on access_log (at);

create function access_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'access_log is append-only: % refused', tg_op
    using errcode = 'P0001', hint = 'custodia-append-only';
end
$$;
create trigger access_log_no_update before update or delete on access_log
  for each row execute function access_log_append_only();
create trigger access_log_no_truncate before truncate on access_log
  for each statement execute function access_log_append_only();

-- incidents (fights, use of force, self-harm...): a projection of incident.recorded events
create table incident (
  id text primary key,
  facility_code text not null references facility(code),
  occurred_at timestamptz not null,
  kind text not null,
  unit_code text,
  people text[] not null default '{}',
  force_used boolean not null default false,
  description text not null,
  seq bigint not null
);
create index incident_facility on incident (facility_code, occurred_at);
create index incident_people on incident using gin (people);

-- a person's custodies newest first (search, files), and a custody's stays (moves, releases)
create index custody_person on custody (person_id, admitted_at desc);
create index stay_custody on stay (custody_id);
`,
  },
  {
    version: 6,
    name: 'national scale: register partitioned by time, register numbers, indexes for the roll',
    sql: /* sql */ `
-- The register, partitioned by the year it was recorded in (UTC). It is only ever appended to, so
-- every year but the current one is read-only for good: it can be vacuumed frozen once, archived, or
-- moved to cheaper storage, and the indexes of the current year stay small. A default partition
-- takes anything no year partition covers, so an append never fails for want of a partition.
-- A unique key on a partitioned table must hold the partition key, so the primary key is
-- (seq, recorded_at), and \`corrects\` cannot be a foreign key any more: a trigger on insert checks
-- both instead (appends are serialised by the register head, so it sees every earlier event), and
-- verify reports a number held twice.
alter table custody_event rename to custody_event_v5;
alter index custody_event_pkey rename to custody_event_v5_pkey;
alter index custody_event_person rename to custody_event_v5_person;
alter index custody_event_corrects rename to custody_event_v5_corrects;
alter index custody_event_facility_time rename to custody_event_v5_facility_time;

create table custody_event (
  seq bigint not null,
  recorded_at timestamptz not null,
  effective_at timestamptz not null,
  actor text not null,
  kind text not null,
  person_id text,
  facility_code text,
  corrects bigint,
  payload jsonb not null,
  prev_hash text not null,
  hash text not null,
  primary key (seq, recorded_at)
) partition by range (recorded_at);
create table custody_event_default partition of custody_event default;

-- The partition for a year (UTC), made when missing, with its truncate guard (statement triggers
-- are not cloned to partitions). Left to the default partition (null returned) when the default
-- already holds events of that year, which would make attaching it fail.
create function custodia_register_partition(y int) returns text language plpgsql as $$
declare
  name text := format('custody_event_y%s', y);
  lo timestamptz := make_timestamptz(y, 1, 1, 0, 0, 0, 'UTC');
  hi timestamptz := make_timestamptz(y + 1, 1, 1, 0, 0, 0, 'UTC');
begin
  -- one at a time (two servers starting together)
  perform pg_advisory_xact_lock(7300002);
  if exists (select 1 from pg_inherits where inhrelid = to_regclass(name) and inhparent = 'custody_event'::regclass) then
    return name;
  end if;
  -- a table of that name that is not a partition of the register (detached, say): left alone
  if to_regclass(name) is not null then
    raise warning '% exists but is not a partition of custody_event: events of % go to the default partition', name, y;
    return null;
  end if;
  if exists (select 1 from custody_event_default where recorded_at >= lo and recorded_at < hi) then
    return null;
  end if;
  execute format('create table %I partition of custody_event for values from (%L) to (%L)', name, lo, hi);
  execute format('create trigger custody_event_no_truncate before truncate on %I '
    'for each statement execute function custody_event_append_only()', name);
  return name;
end
$$;

do $$
declare y int;
begin
  for y in select distinct extract(year from recorded_at at time zone 'UTC')::int from custody_event_v5
    union select extract(year from now() at time zone 'UTC')::int
  loop
    perform custodia_register_partition(y);
  end loop;
end
$$;

insert into custody_event
  select seq, recorded_at, effective_at, actor, kind, person_id, facility_code, corrects, payload, prev_hash, hash
  from custody_event_v5 order by seq;
drop table custody_event_v5;

create index custody_event_person on custody_event (person_id, seq) where person_id is not null;
create index custody_event_corrects on custody_event (corrects) where corrects is not null;
create index custody_event_facility_time on custody_event (facility_code, effective_at);
-- the roll's "transferred out today": transfers are recorded under the receiving facility
create index custody_event_transfer_from on custody_event ((payload->>'from'), effective_at)
  where kind = 'custody.transferred';

-- row triggers on the parent are cloned to every partition; statement triggers (truncate) are not,
-- so each partition gets its own below
create trigger custody_event_no_update before update or delete on custody_event
  for each row execute function custody_event_append_only();
create trigger custody_event_no_truncate before truncate on custody_event
  for each statement execute function custody_event_append_only();
create trigger custody_event_no_truncate before truncate on custody_event_default
  for each statement execute function custody_event_append_only();

-- what the primary key and the foreign key on \`corrects\` checked before: one event per number,
-- and a correction names an earlier event
create function custody_event_insert_check() returns trigger language plpgsql as $$
begin
  -- writers take the head first; one that did not (raw SQL) is serialised here, so no two can give
  -- the same number unseen by each other
  perform 1 from register_head where id = 1 for update;
  if exists (select 1 from custody_event where seq = new.seq) then
    raise exception 'custody_event % is already recorded', new.seq using errcode = '23505';
  end if;
  if new.corrects is not null and not exists (
    select 1 from custody_event where seq = new.corrects and seq < new.seq
  ) then
    raise exception 'custody_event % corrects %, which is not an earlier event', new.seq, new.corrects
      using errcode = '23503';
  end if;
  return new;
end
$$;
create trigger custody_event_insert_check before insert on custody_event
  for each row execute function custody_event_insert_check();

-- A person's register number: the number of the register entry that first recorded them (their
-- first admission). Unique, never reused, and printed on every paper about them.
create unique index person_register_number on person (created_seq);

-- the roll at a past moment counts stays by cell straight from the index
create index stay_facility_during_unit on stay using gist (facility_code, during) include (unit_id);
drop index stay_facility_during;
`,
  },
  {
    version: 7,
    name: 'change notifications for caches',
    sql: /* sql */ `
-- Every commit that moves the register head, and every change to accounts or sessions, is announced
-- (LISTEN/NOTIFY, delivered at commit): a server keeps answers that depend only on them (the live roll,
-- signed-in sessions) until told otherwise, whichever process or server made the change.
create function custodia_notify_register() returns trigger language plpgsql as $$
begin
  perform pg_notify('custodia_register', new.seq::text);
  return null;
end
$$;
create trigger register_head_notify after update on register_head
  for each row execute function custodia_notify_register();
create function custodia_notify_accounts() returns trigger language plpgsql as $$
begin
  perform pg_notify('custodia_accounts', '');
  return null;
end
$$;
-- only what a session depends on: a failed sign-in (its counter) must not make every server forget
create trigger app_user_notify after update of roles, facilities, disabled, password_hash or delete on app_user
  for each statement execute function custodia_notify_accounts();
create trigger auth_token_notify after update or delete on auth_token
  for each statement execute function custodia_notify_accounts();
`,
  },
  {
    version: 8,
    name: 'person search by words',
    sql: /* sql */ `
-- A name as the words it is written with (lower case, no accents), and every such word ever written.
-- A search looks each word typed up in the vocabulary (equal, begun, or a letter or two off: trigram
-- similarity), then takes the people whose name holds a match for every word: a few index probes
-- however many people share a common syllable, where trigrams of the whole name read long lists.
alter table person add column name_words text[]
  generated always as (string_to_array(custodia_fold(given_names || ' ' || family_names), ' ')) stored;
create index person_name_words on person using gin (name_words);

create table person_name_word (word text primary key);
create index person_name_word_trgm on person_name_word using gin (word gin_trgm_ops);
insert into person_name_word select distinct unnest(name_words) from person where name_words is not null
  on conflict do nothing;

create function person_name_words_learn() returns trigger language plpgsql as $$
begin
  insert into person_name_word select distinct unnest(name_words) from changed_people
    where name_words is not null
    on conflict do nothing;
  return null;
end
$$;
create trigger person_name_words_insert after insert on person
  referencing new table as changed_people for each statement execute function person_name_words_learn();
create trigger person_name_words_update after update on person
  referencing new table as changed_people for each statement execute function person_name_words_learn();
`,
  },
  {
    version: 9,
    name: 'capacities by time',
    sql: /* sql */ `
-- the roll at a past moment: each cell's latest capacity by then, one probe a cell
create index unit_capacity_time on unit_capacity (unit_id, effective_at desc, seq desc);
`,
  },
  {
    version: 10,
    name: 'transfers out under the facility left, by either name',
    sql: /* sql */ `
-- A transfer records the facility it left as fromFacility; transfers recorded before that keep it
-- as from, for good (the register is append-only). The roll's "transferred out today" reads either
-- name, and this index serves exactly that expression.
drop index custody_event_transfer_from;
create index custody_event_transfer_from on custody_event
  ((coalesce(payload->>'fromFacility', payload->>'from')), effective_at)
  where kind = 'custody.transferred';
`,
  },
  {
    version: 11,
    name: 'one access-log row per request, with the people it showed',
    sql: /* sql */ `
-- A list (a block's occupants, a compliance report) wrote a row per person shown: thousands of rows
-- per request, so one user could flood the log. Now one row per request names them all; a reader
-- looking for a person finds rows of either shape.
alter table access_log add column people text[];
create index access_log_people on access_log using gin (people);
`,
  },
  {
    version: 12,
    name: 'open segregations follow their custody',
    sql: /* sql */ `
-- A transfer now carries a person's open segregations to the new facility, and a release ends them.
-- Those left behind before: an open segregation of a custody held elsewhere moves to it; one of a
-- custody that ended is ended by the event that ended the custody.
update segregation s set facility_code = c.facility_code
  from custody c
  where s.custody_id = c.id and s.ended_at is null and c.released_at is null
    and s.facility_code <> c.facility_code;
update segregation s set ended_at = greatest(s.started_at, c.released_at), ended_seq = c.released_seq
  from custody c
  where s.custody_id = c.id and s.ended_at is null and c.released_at is not null;
`,
  },
  ...sentenceMigrations,
  ...dailyLifeMigrations,
  ...rightsMigrations,
  ...throughputMigrations,
  ...haMigrations,
];

import type { Migration } from './migrations.js';

/**
 * Migration 16: the register's insert check once per statement instead of once per row
 * (docs/benchmarks.md, "Intake"). Never edit a migration that has shipped; add a new one.
 */
export const throughputMigrations: Migration[] = [
  {
    version: 16,
    name: 'the register insert check once per statement',
    sql: /* sql */ `
-- What migration 6's row trigger checked, for a whole statement at once: one event per number, and a
-- correction names an earlier event. A batch of 2,000 admissions ran the row trigger (a PL/pgSQL call,
-- a lock, two probes) 2,000 times, most of the time its events took to write; now one call reads the
-- statement's rows as a set. Same refusals, same error codes, and still nothing written when refused
-- (the statement fails, and its rows with it).
create function custody_event_insert_check_set() returns trigger language plpgsql as $$
declare
  twice bigint;
  bad record;
begin
  -- writers take the head first; one that did not (raw SQL) is serialised here
  perform 1 from register_head where id = 1 for update;
  select a.seq into twice from added a
    where (select count(*) from custody_event e where e.seq = a.seq) > 1
    limit 1;
  if found then
    raise exception 'custody_event % is already recorded', twice using errcode = '23505';
  end if;
  select a.seq, a.corrects into bad from added a
    where a.corrects is not null
      and not exists (select 1 from custody_event e where e.seq = a.corrects and e.seq < a.seq)
    limit 1;
  if found then
    raise exception 'custody_event % corrects %, which is not an earlier event', bad.seq, bad.corrects
      using errcode = '23503';
  end if;
  return null;
end
$$;

drop trigger custody_event_insert_check on custody_event;
drop function custody_event_insert_check();
create trigger custody_event_insert_check after insert on custody_event
  referencing new table as added for each statement execute function custody_event_insert_check_set();

-- A statement trigger of the parent fires for rows written through it; rows written straight into a
-- partition fire the partition's own, so every partition gets one, as it gets its truncate guard.
do $$
declare p text;
begin
  for p in select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'custody_event'::regclass
  loop
    execute format('create trigger custody_event_insert_check after insert on %I '
      'referencing new table as added for each statement execute function custody_event_insert_check_set()', p);
  end loop;
end
$$;

create or replace function custodia_register_partition(y int) returns text language plpgsql as $$
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
  execute format('create trigger custody_event_insert_check after insert on %I '
    'referencing new table as added for each statement execute function custody_event_insert_check_set()', name);
  return name;
end
$$;
`,
  },
];

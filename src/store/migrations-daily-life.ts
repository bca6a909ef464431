import type { Migration } from './migrations.js';

/**
 * Migration 14: contact and daily life (docs/daily-life.md). Every table is a projection of
 * register events (src/domain/register/events.ts), written in the transaction of its event.
 * Never edit a migration that has shipped; add a new one.
 */
export const dailyLifeMigrations: Migration[] = [
  {
    version: 14,
    name: 'visitors, visits, open air and time out of cell, activities',
    sql: /* sql */ `
-- The visitor registry (visitor.registered): one row per identity document.
create table visitor (
  id text primary key,
  given_names text not null,
  family_names text not null,
  national_id text not null unique,
  date_of_birth date,
  seq bigint not null
);
-- visitor search by words of the names, accents and case aside (as person search, migration 4)
create index visitor_name_trgm on visitor using gin (custodia_fold(given_names || ' ' || family_names) gin_trgm_ops);

-- Bans on a visitor (visitor.banned / visitor.ban-lifted): in one facility, or everywhere (null).
create table visitor_ban (
  id text primary key,
  visitor_id text not null references visitor(id),
  facility_code text references facility(code),
  reason text not null,
  from_date date not null,
  until_date date not null,
  seq bigint not null,
  lifted_seq bigint,
  lifted_reason text,
  check (until_date >= from_date)
);
create index visitor_ban_visitor on visitor_ban (visitor_id);

-- Who may visit whom (visitor.enrolled): the latest enrolment of a pair holds.
create table person_visitor (
  person_id text not null references person(id),
  visitor_id text not null references visitor(id),
  relationship text not null,
  kind text not null check (kind in ('family', 'legal', 'other')),
  seq bigint not null,
  primary key (person_id, visitor_id)
);
create index person_visitor_visitor on person_visitor (visitor_id);

-- Visit sessions a facility offers (visit-session.created), with how many visits each takes.
create table visit_session (
  id text primary key,
  facility_code text not null references facility(code),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  capacity int not null check (capacity > 0),
  kinds text[] not null,
  seq bigint not null,
  check (ends_at > starts_at)
);
create index visit_session_facility on visit_session (facility_code, starts_at);

-- Visits (visit.booked, visit.outcome-recorded): status booked until an outcome is recorded.
create table visit (
  id text primary key,
  person_id text not null references person(id),
  custody_id text not null references custody(id),
  facility_code text not null references facility(code),
  kind text not null check (kind in ('family', 'legal', 'intimate')),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  visitor_ids text[] not null,
  session_id text references visit_session(id),
  status text not null check (status in ('booked', 'held', 'cancelled', 'no-show', 'refused')),
  reason text,
  seq bigint not null,
  outcome_seq bigint,
  check (ends_at > starts_at)
);
create index visit_facility_time on visit (facility_code, starts_at);
create index visit_person_time on visit (person_id, starts_at);
create index visit_session_visits on visit (session_id) where session_id is not null;

-- Time a unit (block, landing or cell) was actually given on a day (open-air.recorded,
-- time-out-of-cell.recorded); records of the same unit, kind and day add up.
create table unit_time (
  id text primary key,
  facility_code text not null references facility(code),
  unit_id int not null references unit(id),
  kind text not null check (kind in ('open-air', 'out-of-cell')),
  day date not null,
  minutes int not null check (minutes >= 0 and minutes <= 1440),
  seq bigint not null
);
create index unit_time_facility_day on unit_time (facility_code, day);
-- a unit's total of a day (each record's answer adds up the records of its unit, kind and day)
create index unit_time_unit_day on unit_time (unit_id, day, kind);

-- People of the unit who did not get a record's time, and why (the facility kept beside the
-- record, so a sharded cluster keeps the two together: docs/scaling.md).
create table unit_time_exception (
  record_id text not null references unit_time(id),
  facility_code text not null references facility(code),
  person_id text not null references person(id),
  reason text not null,
  primary key (record_id, person_id)
);
create index unit_time_exception_person on unit_time_exception (person_id);

-- Work, education and programmes (activity.created), with their places.
create table activity (
  facility_code text not null references facility(code),
  code text not null,
  name text not null,
  kind text not null check (kind in ('work', 'education', 'programme')),
  places int not null check (places > 0),
  seq bigint not null,
  primary key (facility_code, code)
);

-- Allocations to activities (activity.allocated / activity.allocation-ended).
create table activity_allocation (
  id text primary key,
  facility_code text not null,
  activity_code text not null,
  person_id text not null references person(id),
  custody_id text not null references custody(id),
  started_at timestamptz not null,
  ended_at timestamptz,
  end_reason text,
  seq bigint not null,
  end_seq bigint,
  foreign key (facility_code, activity_code) references activity(facility_code, code)
);
create unique index activity_allocation_open on activity_allocation (facility_code, activity_code, person_id)
  where ended_at is null;
create index activity_allocation_person on activity_allocation (person_id) where ended_at is null;
-- who was allocated on a past day (attendance), ended allocations included
create index activity_allocation_history on activity_allocation (facility_code, activity_code, person_id, started_at);

-- The waiting list of an activity (activity.waitlisted; left when allocated or removed).
create table activity_waitlist (
  id text primary key,
  facility_code text not null,
  activity_code text not null,
  person_id text not null references person(id),
  custody_id text not null references custody(id),
  added_at timestamptz not null,
  left_at timestamptz,
  left_reason text,
  seq bigint not null,
  foreign key (facility_code, activity_code) references activity(facility_code, code)
);
create unique index activity_waitlist_open on activity_waitlist (facility_code, activity_code, person_id)
  where left_at is null;

-- Attendance at an activity on a day (activity.attendance-recorded): present with minutes, or absent with why.
create table activity_attendance (
  facility_code text not null,
  activity_code text not null,
  day date not null,
  person_id text not null references person(id),
  present boolean not null,
  minutes int not null check (minutes >= 0 and minutes <= 1440),
  reason text,
  seq bigint not null,
  primary key (facility_code, activity_code, day, person_id),
  foreign key (facility_code, activity_code) references activity(facility_code, code)
);
`,
  },
];

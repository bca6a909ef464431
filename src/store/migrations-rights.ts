import type { Migration } from './migrations.js';

/**
 * Migration 15: discipline with due process, requests and complaints, rights on admission
 * (docs/discipline.md, docs/complaints.md). Every table is a projection of register events
 * (src/domain/register/events-rights.ts), written in the transaction of its event.
 * Never edit a migration that has shipped; add a new one.
 */
export const rightsMigrations: Migration[] = [
  {
    version: 15,
    name: 'discipline, sanctions, complaints, nationality',
    sql: /* sql */ `
-- A person's nationality (ISO 3166-1 alpha-2), when known: a foreign national is told of the right
-- to contact the consul (Mandela Rule 62).
alter table person add column nationality text;

-- Disciplinary charges (discipline.charged), their notice (discipline.notice-given), hearing
-- (discipline.heard) and appeal (discipline.appealed, discipline.appeal-decided). One charge per
-- person, incident and offence (Mandela Rule 39: never twice for the same act).
create table disciplinary_charge (
  id text primary key,
  person_id text not null references person(id),
  custody_id text not null references custody(id),
  facility_code text not null references facility(code),
  incident_reference text not null,
  offence_code text not null,
  offence_severity text not null check (offence_severity in ('grave', 'less-grave', 'minor')),
  offence_description text not null,
  occurred_at timestamptz not null,
  charged_at timestamptz not null,
  seq bigint not null,
  notice_at timestamptz,
  notice_language text,
  notice_seq bigint,
  heard_at timestamptz,
  adjudicator text,
  heard boolean,
  outcome text check (outcome in ('proved', 'dismissed')),
  interpreter text,
  legal_assistance text,
  plea text,
  evidence text,
  hearing_seq bigint,
  appeal_at timestamptz,
  appeal_grounds text,
  appeal_seq bigint,
  appeal_decided_at timestamptz,
  appeal_outcome text check (appeal_outcome in ('upheld', 'quashed')),
  appeal_decided_by text,
  appeal_reason text,
  appeal_decision_seq bigint,
  constraint disciplinary_charge_once unique (person_id, incident_reference, offence_code)
);
create index disciplinary_charge_facility on disciplinary_charge (facility_code, charged_at);
-- the governor's work list: charges awaiting notice or hearing
create index disciplinary_charge_pending on disciplinary_charge (facility_code) where heard_at is null;

-- Sanctions imposed at hearings; lifted when the charge is quashed on appeal.
create table sanction (
  id text primary key,
  charge_id text not null references disciplinary_charge(id),
  person_id text not null references person(id),
  facility_code text not null references facility(code),
  kind text not null,
  days int,
  starts_at timestamptz not null,
  ends_at timestamptz,
  segregation_id text references segregation(id),
  seq bigint not null,
  quashed_at timestamptz,
  quashed_seq bigint,
  check (ends_at is null or ends_at >= starts_at)
);
create index sanction_person on sanction (person_id, kind);
create index sanction_charge on sanction (charge_id);

-- Requests and complaints (complaint.lodged, complaint.answered). A confidential one to the
-- inspector is readable by inspectors only: every reader filters on \`confidential\`.
create table complaint (
  id text primary key,
  person_id text not null references person(id),
  custody_id text references custody(id),
  facility_code text not null references facility(code),
  addressee text not null check (addressee in ('governor', 'inspector', 'judge')),
  subject text not null,
  text text not null,
  confidential boolean not null,
  received_at timestamptz not null,
  seq bigint not null,
  response_text text,
  responded_at timestamptz,
  response_seq bigint,
  check (not confidential or addressee = 'inspector')
);
create index complaint_facility on complaint (facility_code, received_at);
create index complaint_person on complaint (person_id);

-- A duty about a confidential complaint (its response) is the inspectors' only; the language
-- written information on admission was given in (Mandela Rules 54-55).
alter table duty add column confidential boolean not null default false;
alter table duty add column done_language text;

-- Every person in solitary confinement is visited by health care staff daily (Mandela Rule 46): a
-- segregation open before this migration gets its first daily health visit, due from now on (from
-- here on a segregation's start opens it, and doing it opens the next one while it stays open).
insert into duty (id, kind, person_id, custody_id, facility_code, since, opened_seq)
select gen_random_uuid()::text, 'health-visit', s.person_id, s.custody_id, s.facility_code,
  greatest(s.started_at, now()), s.started_seq
from segregation s
where s.ended_at is null
  and not exists (select 1 from duty d where d.custody_id = s.custody_id and d.kind = 'health-visit'
    and d.done_at is null and d.cancelled_at is null);
`,
  },
];

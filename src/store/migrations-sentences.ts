import type { Migration } from './migrations.js';

/**
 * Migrations from 13 on (src/store/migrations.ts holds 1-12 and appends these). Never edit a
 * migration that has shipped; add a new one.
 */
export const sentenceMigrations: Migration[] = [
  {
    version: 13,
    name: 'sentences, credits, reductions and release dates',
    sql: /* sql */ `
-- the status a custody began with, kept when a sentence first changes \`status\` (the credit of pretrial
-- days needs it; null while the status never changed: then \`status\` is it). Until now no status
-- ever changed, so the current one is the first.
alter table custody add column admitted_status text;
update custody set admitted_status = status;

-- Sentences as the register recorded them (events sentence.imposed / .corrected): a projection.
create table sentence (
  id text primary key,
  person_id text not null references person(id),
  custody_id text not null references custody(id),
  case_reference text not null,
  court text not null,
  imposed_at date not null,
  length jsonb not null,
  offence_category text not null,
  relation_kind text,
  relation_to text references sentence(id),
  seq bigint not null,
  corrected_seq bigint
);
create index sentence_custody on sentence (custody_id);
create index sentence_person on sentence (person_id);

create table sentence_credit (
  seq bigint primary key,
  sentence_id text not null references sentence(id),
  from_date date not null,
  to_date date not null,
  kind text not null,
  reference text not null
);
create index sentence_credit_sentence on sentence_credit (sentence_id);

create table sentence_reduction (
  seq bigint primary key,
  sentence_id text not null references sentence(id),
  days int not null,
  granted_at date not null,
  reference text not null
);
create index sentence_reduction_sentence on sentence_reduction (sentence_id);

-- The dates of each custody that has sentences, as the calculator last gave them (recomputed in
-- the transaction of every sentence event); the releases-due list and the overdue alert read it.
create table release_dates (
  custody_id text primary key references custody(id),
  person_id text not null references person(id),
  release_date date,
  parole_date date,
  sunday_leave_date date,
  credited_days int not null,
  reduced_days int not null,
  case_references text[] not null,
  seq bigint not null
);
create index release_dates_release on release_dates (release_date) where release_date is not null;
`,
  },
];

import type { FunctionComponent } from 'react';
import { Audit } from './Audit';
import { Activities } from './activities';
import { Admit } from './admit';
import { Cell } from './Cell';
import { Compliance } from './Compliance';
import { Complaints } from './complaints';
import { Dashboard } from './Dashboard';
import { Discipline } from './discipline';
import { OpenAir } from './open-air';
import { Projection } from './Projection';
import { People } from './people';
import { ReleasesDue } from './ReleasesDue';
import { Roll } from './Roll';
import { Visits } from './visits';

/** A page gets the route's parts (`#/people/123` → ['people', '123']). */
export type PageProps = { route: string[] };

/** Pages by the first part of the route. */
export const pages: Record<string, FunctionComponent<PageProps>> = {
  dashboard: Dashboard,
  roll: Roll,
  releases: ReleasesDue,
  cell: Cell,
  people: People,
  admit: Admit,
  compliance: Compliance,
  audit: Audit,
  projection: Projection,
  visits: Visits,
  'open-air': OpenAir,
  activities: Activities,
  discipline: Discipline,
  complaints: Complaints,
};

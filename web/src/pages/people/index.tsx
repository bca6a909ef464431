import type { PageProps } from '..';
import { PersonRecord } from './PersonRecord';
import { Search } from './Search';
import './people.css';

/** `#/people` is the search; `#/people/<id>` a person's record. */
export function People({ route }: PageProps) {
  const id = route[1];
  return id ? <PersonRecord key={id} id={id} /> : <Search />;
}

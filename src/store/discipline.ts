import type { Db } from './db.js';

/** A person's disciplinary charges, hearings, sanctions and appeals, oldest first (the person's file). */
export async function personDiscipline(_db: Db, _personId: string): Promise<unknown[]> {
  return [];
}

import type { Db } from './db.js';

/** A person's requests and complaints, oldest first (the person's file; confidential ones included). */
export async function personComplaints(_db: Db, _personId: string): Promise<unknown[]> {
  return [];
}

import { invalid, refuse } from '../violation.js';

/**
 * Rights on admission, and what the duty endpoint records (docs/safeguards.md#duties):
 *
 * - `consular-notification` (rule `mandela-62`; Mandela Rule 62, Vienna Convention on Consular
 *   Relations art. 36(1)(b)): a person whose nationality is known and differs from the facility's
 *   jurisdiction is a foreign national, told without delay of the right to contact the consul.
 * - `rights-information` (rule `mandela-54`; Mandela Rules 54-55): written information on rights,
 *   the regime, discipline and how to complain, in a language the person understands. Recording it
 *   done without the language it was given in is refused: 400 `invalid-field` naming `language`.
 * - `duty-own-record` (409): a duty closed by a record of its own — the notice of a disciplinary
 *   charge (its notice route, Rule 41), the answer to a complaint (its response route, Rule 57) — is
 *   not recorded done through the duty endpoint.
 */

/** Whether a person of `nationality` is a foreign national where the facility's `jurisdiction` applies. */
export function foreignNational(
  nationality: string | null | undefined,
  jurisdiction: string | undefined,
): boolean {
  if (!nationality || !jurisdiction) return false;
  return nationality.toUpperCase() !== jurisdiction.trim().toUpperCase();
}

/** The duties closed by a record of their own, and the route that records it. */
export const OWN_RECORD: Readonly<Record<string, string>> = {
  'discipline-notice': 'POST /api/v1/disciplinary-charges/{id}/notice',
  'complaint-response': 'POST /api/v1/complaints/{id}/response',
};

/** The duties whose record needs the language the person was told in. */
export const LANGUAGE_DUTIES: readonly string[] = ['rights-information'];

/** Refuses recording a duty of `kind` done through the duty endpoint when it has a record of its own. */
export function checkNoOwnRecord(kind: string): void {
  const route = OWN_RECORD[kind];
  if (route) throw refuse([{ rule: 'duty-own-record', subject: 'id', params: { kind, route } }]);
}

/** Refuses (400) recording a duty that needs a language without one. */
export function checkLanguage(kind: string, language: string | undefined): void {
  if (LANGUAGE_DUTIES.includes(kind) && !language?.trim())
    throw invalid([
      {
        rule: 'invalid-field',
        subject: 'language',
        params: {
          field: 'language',
          problem: {
            es: 'falta el idioma en que se dio la información escrita (Reglas Mandela 54-55)',
            en: 'the language the written information was given in is missing (Mandela Rules 54-55)',
          },
        },
      },
    ]);
}

/**
 * What a corrected nationality does to the consular notice of the person's open custody (rule
 * `mandela-62`; Mandela Rule 62, VCCR art. 36(1)(b)): a person now foreign for the holding
 * facility's jurisdiction whose custody has no consular notice open or done gets one opened; one
 * still open that no longer applies (the person is a national, or the nationality was cleared) is
 * cancelled; otherwise nothing changes. A notice already given stays done.
 */
export function consularAfterCorrection(a: {
  nationality: string | null | undefined;
  jurisdiction: string | undefined;
  /** the custody's consular-notification duties */
  duties: readonly { status: 'open' | 'done' | 'cancelled' }[];
}): 'open' | 'cancel' | null {
  const foreign = foreignNational(a.nationality, a.jurisdiction);
  if (foreign) return a.duties.some((d) => d.status !== 'cancelled') ? null : 'open';
  return a.duties.some((d) => d.status === 'open') ? 'cancel' : null;
}

/** The move and transfer forms' requests and what their answers say: pure, so they are tested without a browser. */
import type { components } from '../../api-schema.js';

/** A custody of a person's file (GET /people/{id}). */
type CustodyView = components['schemas']['PersonFile']['custodies'][number];

/** POST /moves. */
export const moveBody = (personId: string, toCell: string, reason: string) => ({
  personId,
  toCell: toCell.trim(),
  reason: reason.trim(),
});

/** POST /transfers, of one person. */
export const transferBody = (personId: string, toFacility: string, reason: string) => ({
  personIds: [personId],
  toFacility,
  reason: reason.trim(),
});

/** The move's answer, as the done message's values: the cell left (the answer's, else the custody's) and the new one. */
export const moved = (r: { cell: string; from?: string | null }, custody: Pick<CustodyView, 'cell'>) => ({
  from: r.from ?? custody.cell ?? '—',
  cell: r.cell,
});

/** The transfer's answer, as the done message's values: the facility, and the cell this person got there. */
export const transferred = (
  r: { placements: { personId: string; cell: string }[] },
  personId: string,
  facility: string,
) => ({
  facility,
  cell: (r.placements.find((x) => x.personId === personId) ?? r.placements[0])?.cell ?? '—',
});

/** Cells to offer for a move: the facility's cells other than the person's own. */
export const moveTargets = <U extends { code: string; kind: string }>(units: U[], current: string | null) =>
  units.filter((u) => u.kind === 'cell' && u.code !== current);

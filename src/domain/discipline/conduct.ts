/**
 * The conduct record (docs/discipline.md): where the national profile keeps one (Chile's Decreto 518:
 * conduct is graded by the Tribunal de Conducta from the person's record), every charge proved and
 * not quashed on appeal, with its grade and sanctions. A quashed charge leaves it.
 */

export interface ConductEntry {
  chargeId: string;
  facility: string;
  offence: { code: string; severity: string };
  provedAt: string;
  sanctions: { kind: string; days: number | null }[];
}

export function conductRecord(
  charges: readonly {
    chargeId: string;
    facility: string;
    status: string;
    offence: { code: string; severity: string };
    hearing: { heldAt: string } | null;
    sanctions: { kind: string; days: number | null; quashedAt: string | null }[];
  }[],
): ConductEntry[] {
  return charges.flatMap((c) =>
    c.status === 'proved' && c.hearing
      ? [
          {
            chargeId: c.chargeId,
            facility: c.facility,
            offence: { code: c.offence.code, severity: c.offence.severity },
            provedAt: c.hearing.heldAt,
            sanctions: c.sanctions.filter((s) => !s.quashedAt).map((s) => ({ kind: s.kind, days: s.days })),
          },
        ]
      : [],
  );
}

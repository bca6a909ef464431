/**
 * Messages of discipline (docs/discipline.md), in Spanish and English; merged into src/domain/messages.ts.
 */
export const disciplineMessages: Record<string, { es: string; en: string }> = {};

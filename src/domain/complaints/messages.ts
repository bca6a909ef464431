/**
 * Messages of complaints (docs/complaints.md), in Spanish and English; merged into src/domain/messages.ts.
 */
export const complaintMessages: Record<string, { es: string; en: string }> = {};

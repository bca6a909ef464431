import { Type } from 'typebox';
import { ADDRESSEES } from '../../domain/complaints/complaint.js';
import { bilingual, Closed } from '../openapi/answer.js';
import { Nullable } from '../schema-kit.js';
import { Enum } from '../schemas.js';

/**
 * The answers of the complaint routes (src/api/routes/complaints.ts), as src/store/complaints.ts
 * writes them, and as the person's file carries them (core-people.ts); closed, so that the check of
 * answers catches a property this description does not tell.
 */

const Instant = Type.String({ format: 'date-time' });

/** POST /complaints */
export const ComplaintLodged = Closed({ complaintId: Type.String() }, { $id: 'ComplaintLodged' });

/** A request or complaint and its answer: GET /complaints/{id}, the answer to it, and each of a list. */
export const Complaint = Closed(
  {
    complaintId: Type.String(),
    personId: Type.String(),
    person: Closed({
      givenNames: Type.String(),
      familyNames: Type.String(),
      registerNumber: Type.Integer(),
    }),
    facility: Type.String({
      description: bilingual(
        'the facility that received it (and answers it)',
        'el recinto que la recibió (y la responde)',
      ),
    }),
    addressee: Enum(ADDRESSEES),
    subject: Type.String(),
    text: Type.String(),
    confidential: Type.Boolean({
      description: bilingual(
        'to the inspector in confidence: shown to inspectors only',
        'dirigida al inspector en confidencia: solo la ven los inspectores',
      ),
    }),
    receivedAt: Instant,
    responseDue: Nullable(
      Type.String({
        format: 'date-time',
        description: bilingual(
          'the earliest deadline of the floor and the profile',
          'el plazo que vence primero entre el del piso y el del perfil',
        ),
      }),
    ),
    response: Nullable(Closed({ text: Type.String(), respondedAt: Instant })),
  },
  { $id: 'Complaint' },
);

/** GET /complaints */
export const Complaints = Closed(
  {
    complaints: Type.Array(Complaint, {
      description: bilingual('newest first', 'las más recientes primero'),
    }),
  },
  { $id: 'Complaints' },
);

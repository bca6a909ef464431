/**
 * Admission clients for the failover test: each sends one admission after another, each admission with
 * an Idempotency-Key of its own, and retries the SAME request (same key, same bytes) after a network
 * error or a 5xx, after a short bounded backoff or the server's Retry-After, until it is answered 2xx or
 * 4xx. An admission answered 201 is acknowledged: the register must hold it exactly once.
 */
import { randomUUID } from 'node:crypto';
import { sleep } from './cluster.js';

const GIVEN = ['Juan Pablo', 'María José', 'Pedro', 'Ana', 'Luis Alberto', 'Camila', 'Jorge', 'Valentina'];
const FAMILY = ['Soto Muñoz', 'González Rojas', 'Díaz Pérez', 'Núñez Vera', 'Araya Castro', 'Fuentes Silva'];

/** Each request's own wait for an answer: past it the request is sent again, with its key. */
const ATTEMPT_TIMEOUT_MS = 15_000;
/** Retries of one admission stop after this long: it is then unanswered (neither acknowledged nor refused). */
const GIVE_UP_MS = 90_000;
/** The longest Retry-After honoured as given. */
const MAX_WAIT_MS = 5_000;

/** A facility with room for every admission of the run: 4 blocks × 4 landings × 16 cells × 12 places. */
export function facilityBody(code: string) {
  return {
    code,
    name: `Prueba de conmutación ${code}`,
    timezone: 'America/Santiago',
    jurisdiction: 'CL',
    units: ['A', 'B', 'C', 'D'].map((b) => ({
      code: `${code}-${b}`,
      kind: 'block',
      children: [1, 2, 3, 4].map((l) => ({
        code: `${code}-${b}${l}`,
        kind: 'landing',
        children: Array.from({ length: 16 }, (_, c) => ({
          code: `${code}-${b}${l}-${c + 1}`,
          kind: 'cell',
          capacity: { design: 8, operational: 12 },
          areaM2: 40,
        })),
      })),
    })),
  };
}

/** One admission as it is sent, every time: its key and the bytes of its body. */
export interface Admission {
  key: string;
  reference: string;
  nationalId: string;
  body: string;
}

/** A synthetic admission; `tag` makes its national id and legal-basis reference unique to the run. */
export function admission(facility: string, tag: string, n: number): Admission {
  const nationalId = `${tag}-${n}`;
  const reference = `${tag}-RIT-${n}`;
  const body = JSON.stringify({
    facility,
    person: {
      givenNames: GIVEN[n % GIVEN.length],
      familyNames: `${FAMILY[n % FAMILY.length]} ${n}`,
      dateOfBirth: `19${60 + (n % 40)}-0${1 + (n % 9)}-1${n % 10}`,
      sex: 'male',
      nationalId,
    },
    legalBasis: {
      kind: 'pretrial-detention-order',
      reference,
      issuedBy: 'Juzgado de Garantía de Santiago',
      issuedAt: new Date(Date.now() - 3_600_000).toISOString(),
    },
    status: 'pretrial',
  });
  return { key: randomUUID(), reference, nationalId, body };
}

export interface Answered {
  admission: Admission;
  status: number;
  /** when the admission was first sent, and when the attempt that was answered was sent (performance.now()) */
  firstSentAt: number;
  sentAt: number;
  answeredAt: number;
  attempts: number;
  replayed: boolean;
  personId?: string;
  body?: string;
}

export interface Traffic {
  acknowledged: Answered[];
  refused: Answered[];
  unanswered: Admission[];
  /**
   * what made an attempt fail, and how often: `503`, `503 without Retry-After`, `500`,
   * `network: ECONNRESET`, `timeout`…
   */
  failures: Map<string, number>;
}

/** How long to wait before attempt `n` (from 1): 100 ms doubling to 1 s, or the server's Retry-After. */
function backoff(n: number, retryAfter: string | null): number {
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_WAIT_MS);
  return Math.min(1000, 100 * 2 ** (n - 1)) * (0.5 + Math.random() / 2);
}

/**
 * `clients` loops of admissions into `facility` until `stop()`; each finishes the admission it is sending
 * (with its retries) before it stops. `onAnswer` sees every acknowledgement as it comes.
 */
export function startClients(o: {
  base: string;
  token: string;
  facility: string;
  clients: number;
  tag: string;
  onAnswer?: (a: Answered) => void;
}) {
  const traffic: Traffic = { acknowledged: [], refused: [], unanswered: [], failures: new Map() };
  const failed = (what: string) => traffic.failures.set(what, (traffic.failures.get(what) ?? 0) + 1);
  let stopping = false;
  let serial = 0;

  async function send(a: Admission): Promise<void> {
    const firstSentAt = performance.now();
    for (let attempt = 1; ; attempt++) {
      const sentAt = performance.now();
      let retryAfter: string | null = null;
      try {
        const res = await fetch(`${o.base}/api/v1/admissions`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${o.token}`,
            'content-type': 'application/json',
            'idempotency-key': a.key,
          },
          body: a.body,
          signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
        });
        const text = await res.text();
        if (res.status < 500) {
          const answered: Answered = {
            admission: a,
            status: res.status,
            firstSentAt,
            sentAt,
            answeredAt: performance.now(),
            attempts: attempt,
            replayed: res.headers.get('idempotency-replayed') === 'true',
          };
          if (res.status < 300) {
            answered.personId = (JSON.parse(text) as { personId: string }).personId;
            traffic.acknowledged.push(answered);
            o.onAnswer?.(answered);
          } else {
            answered.body = text.slice(0, 500);
            traffic.refused.push(answered);
          }
          return;
        }
        retryAfter = res.headers.get('retry-after');
        failed(res.status === 503 && retryAfter === null ? '503 without Retry-After' : String(res.status));
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        failed(e.name === 'TimeoutError' ? 'timeout' : `network: ${e.cause?.code ?? e.message}`);
      }
      if (performance.now() - firstSentAt > GIVE_UP_MS) {
        traffic.unanswered.push(a);
        return;
      }
      await sleep(backoff(attempt, retryAfter));
    }
  }

  const loops = Array.from({ length: o.clients }, async () => {
    while (!stopping) await send(admission(o.facility, o.tag, ++serial));
  });

  return {
    traffic,
    /** Lets each client finish the admission it is sending, then returns what they saw. */
    async stop(): Promise<Traffic> {
      stopping = true;
      await Promise.all(loops);
      return traffic;
    },
  };
}

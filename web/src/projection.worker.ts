/**
 * Runs a projection off the page's thread: the same pure engine as the server and the CLI
 * (src/domain/projection), so a scenario and seed give the same answer here as there.
 */
import type { Projection, Scenario } from '../../src/domain/projection/model';
import { project } from '../../src/domain/projection/simulate';

export type WorkerAnswer = { projection: Projection } | { error: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Scenario>) => void) | null;
  postMessage(message: WorkerAnswer): void;
};

scope.onmessage = (e) => {
  try {
    scope.postMessage({ projection: project(e.data) });
  } catch (err) {
    scope.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};

/**
 * Runs projection runs off the page's thread: the same pure engine as the server and the CLI
 * (src/domain/projection), so a scenario and seed give the same answer here as there. The page starts
 * several of these and sends each one run at a time (web/src/pages/projection/pool.ts).
 */
import { answerRun, type RunAnswer, type RunRequest } from './pages/projection/pool.js';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: RunAnswer, transfer: Transferable[]): void;
};

scope.onmessage = (e) => {
  const { answer, transfer } = answerRun(e.data);
  scope.postMessage(answer, transfer);
};

/** What `within` answers when its promise has not settled in time. */
export const TIMED_OUT = Symbol('timed out');

/** `p`, or TIMED_OUT when it has not settled within `ms` (p goes on; its outcome is dropped). */
export async function within<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

// bounded.ts - the bridge's one way to wait for something with a deadline.

/** Waits for `p`, at most `ms`; the timer is cleared either way. */
export async function bounded(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([p, new Promise<void>((r) => { timer = setTimeout(r, ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

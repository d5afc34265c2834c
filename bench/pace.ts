// pace.ts - before items 3 and 6 time anything, the worker runs what a long-lived one has behind it: a fresh worker
// runs its first few hundred commands 2-3x slower while PowerShell and .NET compile its code (item 2's `first 100`
// row and item 3's `fresh` row show that start).

/** Rounds of the four reads (/balance, /position, /orders, /trades) before anything is timed. */
export const PACE_WARMUP_ROUNDS = 100;
/** Buys after the reads (then all cancelled, so none rests: today's orders hold this many more rows). */
export const PACE_WARMUP_BUYS = 30;

/** One request of the server under test; it throws unless the reply's status is 1. */
export type Post = (route: string, body?: Record<string, unknown>) => Promise<unknown>;

/** Brings the server's worker to a long-lived worker's pace; `buy` gives each warm-up buy's body (its own key). */
export async function warmToPace(post: Post, buy: () => Record<string, unknown>): Promise<void> {
  for (let i = 0; i < PACE_WARMUP_ROUNDS; i++) {
    for (const route of ['/balance', '/position', '/orders', '/trades']) await post(route);
  }
  for (let i = 0; i < PACE_WARMUP_BUYS; i++) await post('/buy', buy());
  await post('/cancel', { scope: 'all' });
}

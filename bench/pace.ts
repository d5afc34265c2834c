// pace.ts - before items 3 and 6 time anything, the worker runs what a long-lived one has behind it: a fresh worker
// runs its first few hundred commands 2-3x slower while PowerShell and .NET compile its code (item 2's `first 100`
// row and item 3's `fresh` row show that start).

/** Rounds of the four reads (/balance, /position, /orders, /trades) before anything is timed. */
export const PACE_WARMUP_ROUNDS = 100;
/** Buys after the reads (then all cancelled, so none rests: today's orders hold this many more rows). */
export const PACE_WARMUP_BUYS = 30;

/** One request of the server under test; it throws unless the reply's status is 1. */
export type Post = (route: string, body?: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** POSTs `body` as JSON to `url + route`; ok when the reply is HTTP 200 with status 1. */
export async function postJson(url: string, route: string, body: Record<string, unknown>, timeoutMs: number): Promise<{ ok: boolean; json: Record<string, unknown> }> {
  const r = await fetch(url + route, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs),
  });
  const json = (await r.json()) as Record<string, unknown>;
  return { ok: r.status === 200 && json['status'] === 1, json };
}

/** A Post to the server at `url`. */
export function poster(url: string, timeoutMs: number): Post {
  return async (route, body) => {
    const { ok, json } = await postJson(url, route, body ?? {}, timeoutMs);
    if (!ok) throw new Error(`${route}: ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
}

/** Brings the server's worker to a long-lived worker's pace; `buy` gives each warm-up buy's body (its own key). */
export async function warmToPace(post: Post, buy: () => Record<string, unknown>): Promise<void> {
  for (let i = 0; i < PACE_WARMUP_ROUNDS; i++) {
    for (const route of ['/balance', '/position', '/orders', '/trades']) await post(route);
  }
  for (let i = 0; i < PACE_WARMUP_BUYS; i++) await post('/buy', buy());
  await post('/cancel', { scope: 'all' });
}

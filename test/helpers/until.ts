// until.ts - polls a probe until it yields a value, bounded: how the end-to-end tests wait for a process to get somewhere.

/** How often a probe is asked again. */
const POLL_MS = 100;

/** Resolves with the first value `probe` yields (anything but undefined); fails naming `what` after `ms`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

// clock.ts - Beijing time (UTC+8, no daylight saving), the exchanges' and the client's clock, whatever time zone the
// PC is set to: the trading day of a moment and its time of day. Never the PC's local hours.

/** China Standard Time is UTC+8 all year. */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;

const pad = (n: number): string => String(n).padStart(2, '0');

/** The moment shifted so that its UTC fields read Beijing's wall clock. */
function beijingWall(d: Date): Date {
  return new Date(d.getTime() + BEIJING_OFFSET_MS);
}

/** The Beijing calendar date of a moment, YYYY-MM-DD (the trading day an order belongs to). */
export function beijingDay(d: Date = new Date()): string {
  const w = beijingWall(d);
  return `${String(w.getUTCFullYear())}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`;
}

/** Seconds since Beijing midnight of a moment (how the client's 委托时间 column counts). */
export function beijingSecondsOfDay(d: Date): number {
  const w = beijingWall(d);
  return w.getUTCHours() * 3600 + w.getUTCMinutes() * 60 + w.getUTCSeconds();
}

/** A moment's Beijing wall-clock time, HH:MM:SS. */
export function beijingClock(d: Date): string {
  const w = beijingWall(d);
  return `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`;
}

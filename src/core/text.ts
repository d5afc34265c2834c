// text.ts - how received values are read as text and shown in messages (shortened, whatever their shape).

/** A received value as JSON text, or as String() writes it when JSON has no text for it (undefined, a function). */
export function jsonOrString(v: unknown): string {
  return jsonText(v) ?? String(v);
}

/** JSON.stringify with the result type its lib types omit: undefined for undefined, functions and symbols. */
export function jsonText(v: unknown): string | undefined {
  return JSON.stringify(v);
}

/** A received value (a grid cell, a header) as text the way String() writes it, '' when absent. */
export function textOf(v: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- String() is the point: cells are strings or numbers
  return v === undefined || v === null ? '' : String(v);
}

/** Shows a received value in a message, shortened. */
export function shown(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : jsonOrString(v);
  } catch {
    s = Array.isArray(v) ? '[…]' : '{…}'; // nested too deep to print
  }
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}

// ordered.ts - JSON whose object keys are written in the order given: the client's own order of rows and columns.
import { jsonText } from './text.ts';

/**
 * An object whose keys are written in this order. Plain JS objects put integer-like keys ("600078") before the
 * rest ("002555"), which would reorder the seed's positions; this keeps the client's order.
 */
export class Ordered {
  readonly entries: Array<[string, unknown]>;
  constructor(entries: Array<[string, unknown]>) {
    this.entries = entries;
  }
}

/** JSON text of a value, writing Ordered objects in their own order. */
export function toJson(value: unknown): string {
  if (value instanceof Ordered) {
    return '{' + value.entries.filter(([, v]) => v !== undefined).map(([k, v]) => JSON.stringify(k) + ':' + toJson(v)).join(',') + '}';
  }
  if (Array.isArray(value)) return '[' + value.map((v: unknown) => (v === undefined ? 'null' : toJson(v))).join(',') + ']';
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.push(JSON.stringify(k) + ':' + toJson(v));
    return '{' + parts.join(',') + '}';
  }
  return jsonText(value) ?? 'null';
}

/** Rows as ordered objects in the client's column order. */
export function orderedRows(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): Ordered[] {
  return rows.map((r) => new Ordered(columns.filter((c) => c in r).map((c): [string, unknown] => [c, r[c]])));
}

// known-params.ts - the parameter names each route accepts (from its zod schema where it has one) and the refusal of
// any other name: 400 unknown_parameter naming it and the nearest known name (a typo never becomes an order).
import { z } from 'zod';
import { GatewayError } from '../../core/errors.ts';

/** The idempotency key parameter of the order-type routes (request-meta.ts reads it). */
export const IDEMPOTENCY_PARAM = 'client_order_id';

/** The parameter that picks the account on a server with several (http/accounts.ts reads it; every account route
 * takes it besides its own, and params.ts leaves it out of the route's parameters). */
export { ACCOUNT_PARAM } from '../../trading/accounts.ts';

/** Names longer than this are compared by their first characters only (a distance is quadratic in the length). */
const COMPARED_CHARS = 64;

/** The top-level names of an object schema, through transforms and pipes (`z.object({...}).transform(...)`). */
export function paramNames(schema: z.ZodType): string[] {
  let s: unknown = schema;
  for (;;) {
    if (s instanceof z.ZodObject) return Object.keys(s.shape);
    if (s instanceof z.ZodPipe) {
      s = s.in;
      continue;
    }
    throw new Error('paramNames: the schema is not an object schema (or a pipe from one)');
  }
}

/** Damerau-Levenshtein distance (optimal string alignment: an adjacent transposition counts 1). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, at(i - 2, j - 2) + 1);
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- rows has a.length + 1 rows
      rows[i]![j] = d;
    }
  }
  return at(a.length, b.length);
}

/** The known name nearest to `name` (case ignored), when it is near enough to be a typo of it: at most 2 edits, and
 * fewer than half the name's letters. */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  const given = name.slice(0, COMPARED_CHARS).toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(given, k.toLowerCase());
    if (best === undefined || d < best.d) best = { name: k, d };
  }
  return best !== undefined && best.d <= 2 && best.d * 2 < Math.max(given.length, best.name.length) ? best.name : undefined;
}

/** The unknown_parameter error for `name` on `route`: the nearest known name, or else every name the route takes. */
export function unknownParameter(name: string, known: readonly string[], route: string): GatewayError {
  const shownName = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  const path = route.slice(0, 40);
  const near = nearestName(name, known);
  const list = known.length === 0 ? `${path} 不接受任何参数` : `${path} 接受的参数：${known.join('、')}`;
  const listEn = known.length === 0 ? `${path} takes no parameters` : `${path} takes ${known.join(', ')}`;
  const message = near !== undefined
    ? `不认识的参数 ${shownName}：是不是想写 ${near}？（参数名区分大小写；${list}）没有执行。(unknown parameter ${shownName}; did you mean ${near}? nothing was done)`
    : `不认识的参数 ${shownName}：${list}。没有执行。(unknown parameter ${shownName}: ${listEn}; nothing was done)`;
  return new GatewayError('unknown_parameter', message, { field: name.slice(0, 100), ...(near === undefined ? {} : { details: { did_you_mean: near } }) });
}

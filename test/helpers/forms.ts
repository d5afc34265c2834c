// forms.ts - one request in each input form a route accepts: GET query string, POST form (requests data=), POST JSON
// (requests json=), for the end-to-end suites.
import type { ServerProcess } from './server-process.ts';

export type Params = Record<string, string | number>;
export interface Reply { http: number; body: Record<string, unknown>; text: string }
export type Send = (s: ServerProcess, path: string, params: Params) => Promise<Reply>;

const qs = (p: Params): string => new URLSearchParams(Object.entries(p).map(([k, v]): [string, string] => [k, String(v)])).toString();

export const FORMS: ReadonlyArray<readonly [string, Send]> = [
  ['GET query string', (s, path, p) => s.get(`${path}?${qs(p)}`)],
  ['POST form', (s, path, p) => s.get(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: qs(p) })],
  ['POST JSON', (s, path, p) => s.get(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(p) })],
];

/** The form for the i-th call of a sequence, so a suite walks through all three. */
export function formFor(i: number): readonly [string, Send] {
  return FORMS[i % FORMS.length]!;
}

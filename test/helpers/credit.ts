// credit.ts - what the credit (融资融券) end-to-end suites share: the sample account made a credit account, a JSON
// POST, and /credit_balance read as numbers.
import { expect } from 'chai';
import type { ServerProcess, SimStateFile } from './server-process.ts';

type Row = Record<string, unknown>;

/** The sample account as a credit account: 600160 can be financed and 5,000 of it borrowed; fees as the sample's. */
export function creditAccount(st: SimStateFile): void {
  st.account['type'] = 'credit';
  (st as unknown as Row)['credit'] = { marginable: ['600160'], shortable: { '600160': 5000 }, marginRatio: '1.0', shortMarginRatio: '1.0', collateralRate: '0.7' };
}

/** A JSON POST to a route: its HTTP status and body. */
export async function post(s: ServerProcess, route: string, body: Row): Promise<{ http: number; body: Row }> {
  const r = await s.get(route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { http: r.http, body: r.body };
}

/** /credit_balance as numbers (维持担保比例 without its %; NaN for 无负债). */
export async function credit(s: ServerProcess): Promise<Record<string, number>> {
  const r = await s.get('/credit_balance');
  expect(r.body['status'], JSON.stringify(r.body)).to.equal(1);
  return Object.fromEntries(Object.entries(r.body['message'] as Row).map(([k, v]) => [k, Number(String(v).replace('%', ''))]));
}

/** A sum of money rounded to the cent. */
export const cents = (x: number): number => Math.round(x * 100) / 100;

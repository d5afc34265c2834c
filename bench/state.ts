// state.ts - fresh simulated-client state files for the benchmark (removed at the end), with chosen UI delays.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { track } from './procs.ts';

const SAMPLE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'ps', 'sim', 'sample-state.json');

export interface SimDelays {
  pageMs: number;
  labelFillMs: number;
  popupMs: number;
  clipboardMs: number;
}

export const ZERO_DELAYS: SimDelays = { pageMs: 0, labelFillMs: 0, popupMs: 0, clipboardMs: 0 };
/**
 * Assumed reactions of a real xiadan on a desktop PC: a page shows in ~0.1 s, a quote / max-quantity label fills in
 * ~80 ms (a quote request), the result popup after a ~150 ms broker round trip, a grid copy in ~40 ms.
 */
export const REALISTIC_DELAYS: SimDelays = { pageMs: 100, labelFillMs: 80, popupMs: 150, clipboardMs: 40 };

/** A copy of the sample account with these delays and, for buys, cash enough for thousands of orders. */
export function freshState(delays: SimDelays, plentyOfCash = false): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ths-bench-'));
  void track(async () => rmSync(dir, { recursive: true, force: true }));
  const s = JSON.parse(readFileSync(SAMPLE, 'utf8').replace(/^\uFEFF/, '')) as { client: Record<string, unknown>; account: Record<string, unknown> };
  s.client['delays'] = delays;
  if (plentyOfCash) {
    s.account['balance'] = '1000000000.00';
    s.account['available'] = '1000000000.00';
  }
  const file = path.join(dir, 'state.json');
  writeFileSync(file, JSON.stringify(s, null, 2));
  return file;
}

// A journal failure can neither double nor lose an order, nor stop the server: the real server (node src/main.ts) on
// the simulated client, its journal locked by another process (test/fixtures/journal-lock.mjs) or its disk full
// (the hidden --test-journal-max-pages hook), and a queued order whose caller hung up.
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { holdJournalLock } from '../journal/lock-holder.ts';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { until } from '../helpers/until.ts';

const newDataDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'ths-data-'));
const form = (o: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(o).toString() });
const BUY = { stock_code: '600160', price: '21.21', amount: '100' };
/** More orders than a one-page-capped journal can hold: the disk-full test stops at the first refusal. */
const MAX_ORDERS_TO_FILL = 40;

async function journalHealth(s: ServerProcess): Promise<Record<string, unknown>> {
  const h = (await s.get('/health')).body['message'] as Record<string, Record<string, Record<string, unknown>>>;
  return h['server']!['journal']!;
}

/** SIGKILLs the worker's process tree (its own process group: the pid /health names may be a launcher of the real PowerShell). */
function killWorker(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    process.kill(pid, 'SIGKILL');
  }
}

// Only the simulated backend: a journal that cannot record stops an order in the server, before any window port.
for (const backend of e2eBackends().filter((b) => b === 'sim')) describe(`e2e/journal-faults [${backend}]: a journal that cannot record refuses orders, the server stays up`, function () {
  this.timeout(180_000);
  after(cleanupBackends);

  it('answers orders 503 journal_unavailable while another process holds the journal locked, keeps serving reads, and takes orders once it is released', async () => {
    const dataDir = newDataDir();
    const s = await startServerProcess({ statePath: freshState(), backend, args: ['--data-dir', dataDir] });
    try {
      const lock = await holdJournalLock(path.join(dataDir, 'journal.sqlite'));
      try {
        const first = await s.get('/buy', form(BUY));
        expect(first.http).to.equal(503);
        expect(first.body).to.include({ status: -1, error: 'journal_unavailable' });
        const second = await s.get('/buy', form({ ...BUY, client_order_id: 'locked-2' }));
        expect(second.http, 'still locked: still refused').to.equal(503);
        expect(second.body['error']).to.equal('journal_unavailable');
        expect((await s.get('/balance')).body['status'], 'reads still answer').to.equal(1);
        expect(await journalHealth(s)).to.include({ writable: false });
        expect(s.state().orders, 'nothing reached the client').to.have.length(0);
      } finally {
        await lock.release();
      }
      const after = await s.get('/buy', form({ ...BUY, client_order_id: 'after-lock' }));
      expect(after.body).to.include({ status: 1 });
      expect(s.state().orders).to.have.length(1);
      expect(await journalHealth(s)).to.include({ writable: true });
    } finally {
      await s.stop();
    }
  });

  it('places no order the journal cannot record when its disk is full, and keeps serving', async () => {
    const s = await startServerProcess({ statePath: freshState(), backend, args: ['--test-journal-max-pages', '1'] });
    try {
      let accepted = 0;
      let refused: Record<string, unknown> | undefined;
      for (let i = 0; i < MAX_ORDERS_TO_FILL && !refused; i++) {
        const r = await s.get('/buy', form({ ...BUY, client_order_id: `full-${String(i)}` }));
        if (r.http === 503) refused = r.body;
        else {
          expect(r.body['status'], JSON.stringify(r.body)).to.equal(1);
          accepted++;
        }
      }
      expect(refused, 'the journal filled up').to.include({ error: 'journal_unavailable' });
      expect(s.state().orders, 'exactly the orders answered as placed reached the client').to.have.length(accepted);
      const again = await s.get('/buy', form({ ...BUY, client_order_id: 'full-again' }));
      expect(again.http).to.equal(503);
      expect(s.state().orders).to.have.length(accepted);
      expect((await s.get('/balance')).body['status'], 'the server survives').to.equal(1);
      expect(await journalHealth(s)).to.include({ writable: false });
    } finally {
      await s.stop();
    }
  });

  it('drops an order whose caller hung up while it waited for the order before it: never journaled as sent, never placed', async () => {
    const s = await startServerProcess({ statePath: freshState(), backend, env: { THS_TEST_PAUSE_AT: 'submitting' } });
    try {
      const pid = await s.workerPid();
      const first = s.get('/buy', form({ ...BUY, client_order_id: 'holds-the-worker' }));
      await until('the worker to pause', async () => (s.logs.some((l) => l.includes('paused at submitting')) ? true : undefined), 30_000);
      const hangUp = new AbortController();
      const queued = fetch(`${s.url}/buy`, { ...form({ ...BUY, amount: '200', client_order_id: 'caller-left' }), signal: hangUp.signal }).catch((err: unknown) => err);
      await until('the second order to wait for its turn', async () => (s.logs.some((l) => l.includes('waits for the order before it')) ? true : undefined), 10_000);
      hangUp.abort();
      expect(await queued).to.be.instanceOf(Error);
      await until('the order to be dropped', async () => (s.logs.some((l) => l.includes('caller left while its order waited for its turn')) ? true : undefined), 10_000);
      const rows = (await s.get('/journal')).body['message'] as Array<Record<string, unknown>>;
      expect(rows.filter((r) => r['client_order_id'] === 'caller-left'), 'no row: it never got its turn').to.deep.equal([]);
      killWorker(pid); // frees the paused worker: its order never reached the submit click
      expect((await first).body['error']).to.equal('outcome_unknown');
      await until('the restarted worker to answer', async () => ((await s.get('/orders')).body['status'] === 1 ? true : undefined), 30_000);
      expect(s.state().orders, 'the abandoned order was never placed').to.have.length(0);
    } finally {
      await s.stop();
    }
  });
});

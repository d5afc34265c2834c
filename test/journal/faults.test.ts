// Journal faults with real processes: the journal locked by another process (test/fixtures/journal-lock.mjs) at each
// point of an order, and a full disk (max_page_count). The bridge here is a double that keeps the supervisor's
// contract: `sending` before the line is written (a throw there writes nothing and rejects with it), then `sent`, the
// worker's events, the answer.
import { expect } from 'chai';
import { beijingDay } from '../../src/core/clock.ts';
import { GatewayError } from '../../src/core/errors.ts';
import type { Reply } from '../../src/core/reply.ts';
import { JournalStore } from '../../src/journal/store.ts';
import { dataDir, newGate, ok, place, refusal, sellTicket, ticket } from './helpers.ts';
import { holdJournalLock } from './lock-holder.ts';

/** The bridge double: what it wrote to the worker, and a request that runs the supervisor's event sequence. */
function bridgeDouble(hooks: { beforeSending?: () => Promise<void>; afterSent?: () => Promise<void> } = {}): { written: string[]; order: (onEvent: (e: string) => void, no: string) => Promise<Reply> } {
  const written: string[] = [];
  return {
    written,
    async order(onEvent, no) {
      await hooks.beforeSending?.();
      onEvent('sending'); // a throw here: nothing is written, the request rejects with it
      written.push(no);
      onEvent('sent');
      await hooks.afterSent?.();
      // The worker's events arrive in the bridge's line handler: a throw here would kill the server.
      onEvent('submitting');
      onEvent('submitted');
      return ok(no);
    },
  };
}

describe('journal faults: a journal that cannot record refuses orders and never crashes', function () {
  this.timeout(60_000);

  it('writes nothing to the worker when the journal is locked by another process at "sending", answers 503 journal_unavailable, and repairs the row once released', async () => {
    const { gate, store } = newGate();
    let lock: Awaited<ReturnType<typeof holdJournalLock>> | undefined;
    const bridge = bridgeDouble({ beforeSending: async () => { lock = await holdJournalLock(store.file); } });
    const r = await place(gate, ticket(), (onEvent) => bridge.order(onEvent, '111'));
    try {
      expect(r.http).to.equal(503);
      expect(r.extra['error']).to.equal('journal_unavailable');
      expect(bridge.written, 'nothing reached the worker').to.deep.equal([]);
      expect(gate.health()).to.include({ writable: false });
      let ran = false;
      const refused = await refusal(place(gate, sellTicket(), async () => { ran = true; return ok('x'); }));
      expect(refused.code, 'a new order while locked').to.equal('journal_unavailable');
      expect(ran).to.equal(false);
      expect(store.get(1)!.state, 'the row could not be finished yet').to.equal('received');
    } finally {
      await lock?.release();
    }
    const after = await place(gate, sellTicket(), async () => ok('222'));
    expect(after.status, 'orders are taken again once the journal records').to.equal(1);
    expect(store.get(1)).to.include({ state: 'not_sent', errorCode: 'journal_unavailable' });
    expect(store.get(1)!.snapshot, 'the snapshot goes with sent, or not at all').to.equal(null);
    expect(gate.health()).to.include({ writable: true, pendingWrites: 0 });
  });

  it('never throws into the bridge when a later event cannot be written: the reply reaches the caller and the row is repaired once released', async () => {
    const { gate, store } = newGate();
    let lock: Awaited<ReturnType<typeof holdJournalLock>> | undefined;
    const bridge = bridgeDouble({ afterSent: async () => { lock = await holdJournalLock(store.file); } });
    const r = await place(gate, ticket(), (onEvent) => bridge.order(onEvent, '333'));
    try {
      expect(r.status, 'the client accepted it: the caller hears so').to.equal(1);
      expect(r.extra).to.include({ entrust_no: '333', journal_id: 1 });
      expect(bridge.written).to.deep.equal(['333']);
      expect(store.get(1)).to.include({ state: 'sent', submitted: false });
      expect(gate.health()).to.include({ writable: false });
      expect(gate.health()['pendingWrites']).to.be.greaterThan(0);
    } finally {
      await lock?.release();
    }
    await place(gate, sellTicket(), async () => ok('444'));
    const row = store.get(1)!;
    expect(row).to.include({ state: 'accepted', entrustNo: '333', submitted: true });
    expect(JSON.parse(row.replyBody!)).to.include({ entrust_no: '333' });
  });

  it('refuses a new order while another process holds the journal, without running it, and takes one after', async () => {
    const { gate, store } = newGate();
    const lock = await holdJournalLock(store.file);
    let ran = false;
    try {
      const err = await refusal(place(gate, ticket(), async () => { ran = true; return ok('1'); }));
      expect(err.code).to.equal('journal_unavailable');
      expect(err.http).to.equal(503);
      expect(ran).to.equal(false);
      expect(gate.health()['lastFailure']).to.include({ what: 'insert' });
    } finally {
      await lock.release();
    }
    expect((await place(gate, ticket(), async () => ok('2'))).status).to.equal(1);
    expect(store.byDay(store.get(1)!.day).map((row) => row.state)).to.deep.equal(['accepted']);
  });

  it('drops the snapshot read of an order the journal cannot record: 503 journal_unavailable, never run, the read\'s late failure handled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };
    process.on('unhandledRejection', onUnhandled);
    let reads = 0;
    const { gate, store } = newGate({
      readSnapshot: async () => {
        reads++;
        await new Promise((r) => setTimeout(r, 20));
        throw new GatewayError('worker_failed', 'the worker died during the read');
      },
    });
    const lock = await holdJournalLock(store.file);
    let ran = false;
    try {
      const err = await refusal(place(gate, ticket(), async () => { ran = true; return ok('1'); }));
      expect(err.code).to.equal('journal_unavailable');
      expect(ran).to.equal(false);
      expect(reads, 'the read went out as the row was written').to.equal(1);
      await new Promise((r) => setTimeout(r, 100)); // past the read's failure and a turn of the event loop
      expect(unhandled, 'the dropped read\'s failure is not left unhandled').to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await lock.release();
    }
    expect(store.byDay(beijingDay(new Date())), 'nothing journaled').to.deep.equal([]);
  });

  it('does not run an order the journal cannot record when the disk is full (max_page_count)', async () => {
    const store = new JournalStore(dataDir(), { maxPages: 1 }); // at most the pages it has: any growth is SQLITE_FULL
    const { gate } = newGate({ store });
    const ran: number[] = [];
    let refused: GatewayError | undefined;
    let refusedAt = -1;
    for (let i = 0; i < 100 && !refused; i++) {
      try {
        const r = await place(gate, ticket({ idemKey: `full-${String(i)}` }), async () => { ran.push(i); return ok(String(1000 + i)); });
        expect(r.status).to.equal(1);
      } catch (err) {
        refused = err as GatewayError;
        refusedAt = i;
      }
    }
    expect(refused?.code, 'the journal filled up').to.equal('journal_unavailable');
    expect(refused?.message).to.match(/full/i);
    expect(ran, 'the order that could not be recorded never ran').to.not.include(refusedAt);
    const keys = store.byDay(store.get(1)!.day).map((row) => row.idemKey);
    for (const i of ran) expect(keys, 'every order that ran was recorded first').to.include(`full-${String(i)}`);
  });

  it('answers an unknown outcome as 504 outcome_unknown, not as a journal error, when the journal fails after the line was written, and records it later', async () => {
    const { gate, store } = newGate();
    let lock: Awaited<ReturnType<typeof holdJournalLock>> | undefined;
    const r = await place(gate, ticket(), async (onEvent) => {
      onEvent('sending');
      lock = await holdJournalLock(store.file);
      throw new GatewayError('outcome_unknown', '结果未知');
    });
    try {
      expect(r.http, 'the outcome is what the caller hears, not the journal failure').to.equal(504);
      expect(r.extra['error']).to.equal('outcome_unknown');
    } finally {
      await lock?.release();
    }
    await place(gate, sellTicket(), async () => ok('5'));
    expect(store.get(1)).to.include({ state: 'unknown', errorCode: 'outcome_unknown' });
  });
  it('recovers the rows a crash left in flight before the first new order, even when the journal was locked at start', async () => {
    const store = new JournalStore(dataDir());
    const left = store.insert({ ...ticket(), paramsHash: 'h-left' });
    store.markSent(left.id); // a crash after the line was written
    const lock = await holdJournalLock(store.file);
    let gate: ReturnType<typeof newGate>['gate'];
    try {
      gate = newGate({ store }).gate; // its recovery cannot write now
      expect(store.get(left.id)!.state).to.equal('sent');
      expect((await refusal(place(gate, sellTicket(), async () => ok('1')))).code).to.equal('journal_unavailable');
    } finally {
      await lock.release();
    }
    expect((await place(gate, sellTicket(), async () => ok('2'))).status).to.equal(1);
    expect(store.get(left.id)).to.include({ state: 'unknown', errorCode: 'server_restarted' });
  });
});

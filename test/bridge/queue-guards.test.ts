// The bridge's guards around each command line: the `sending` hook before the line is written (a journal that
// cannot record refuses the order, nothing reaches the worker), event handlers that throw (never crash the server),
// a queued command whose caller went away (dropped, never sent), and the dry-run lock (a second lock, on its own).
import { expect } from 'chai';
import { BridgeError } from '../../src/bridge/bridge-error.ts';
import { COMMAND_NAMES, COMMANDS, type CommandName } from '../../src/bridge/commands.ts';
import type { WorkerSupervisor, SupervisorOptions } from '../../src/bridge/supervisor.ts';
import { GatewayError } from '../../src/core/errors.ts';
import { fakeSupervisor, rejectionOf, requestsSeen } from './fake-worker.ts';

const ORDER = { side: 'buy', code: '600160', exchange: 'SH', price: '21.21', amount: 100 };

describe('bridge/queue guards: sending hook, event handlers, abandoned requests, dry-run lock', () => {
  const started: WorkerSupervisor[] = [];
  const make = (modes: string, extra: Partial<SupervisorOptions> = {}): { sup: WorkerSupervisor; log: string } => {
    const s = fakeSupervisor(modes, extra);
    started.push(s.sup);
    return s;
  };
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop(500);
  });

  describe('the journal cannot lose or double: the sending hook', () => {
    it('refuses an order whose sending hook throws: the worker never receives the line, the request rejects with what was thrown', async () => {
      const { sup, log } = make('');
      await sup.start();
      const thrown = new GatewayError('journal_unavailable', '无法写入委托日志，没有下单：disk full');
      const err = await rejectionOf(sup.request('order', ORDER, (e) => {
        if (e === 'sending') throw thrown;
      }));
      expect(err).to.equal(thrown);
      expect(requestsSeen(log, 'order')).to.equal(0);
      expect(await sup.request('ping')).to.have.property('pong', true);
      expect(requestsSeen(log, 'order'), 'nothing written later either').to.equal(0);
    });

    it('serves the command queued behind one whose sending hook threw', async () => {
      const { sup, log } = make('delay:200');
      await sup.start();
      const busy = sup.request('balance');
      const refused = rejectionOf(sup.request('order', ORDER, (e) => {
        if (e === 'sending') throw new GatewayError('journal_unavailable', 'journal locked');
      }));
      const next = sup.request('ping');
      expect(await busy).to.have.property('entries');
      expect(await refused).to.have.property('code', 'journal_unavailable');
      expect(await next).to.have.property('pong', true);
      expect(requestsSeen(log, 'order')).to.equal(0);
    });

    it('hears sending, sent, submitting and submitted in that order, and survives handlers that throw on sent and submitting', async () => {
      const { sup, log } = make('events');
      await sup.start();
      const heard: string[] = [];
      const result = await sup.request('order', ORDER, (e) => {
        heard.push(e);
        if (e === 'sent' || e === 'submitting') throw new Error(`journal write failed at ${e}`);
      });
      expect(result).to.include({ success: true, entrustNo: '1' });
      expect(heard).to.deep.equal(['sending', 'sent', 'submitting', 'submitted']);
      expect(sup.status).to.equal('ready');
      expect(await sup.request('ping')).to.have.property('pong', true);
      expect(requestsSeen(log, 'order')).to.equal(1);
    });
  });

  describe('duplicates and abandoned requests: a queued command whose caller has gone', () => {
    it('drops a queued order whose caller went away with request_abandoned, and the worker never receives it', async () => {
      const { sup, log } = make('delay:300');
      await sup.start();
      const busy = sup.request('balance');
      const gone = new AbortController();
      const heard: string[] = [];
      const order = rejectionOf(sup.request('order', ORDER, (e) => heard.push(e), gone.signal));
      expect(sup.health().queued).to.equal(1);
      gone.abort();
      const err = await order;
      expect(err).to.be.instanceOf(BridgeError);
      expect(err).to.include({ code: 'request_abandoned', http: 503, reason: 'abandoned' });
      expect(sup.health().queued, 'taken out of the queue at once').to.equal(0);
      expect(await busy).to.have.property('entries');
      expect(await sup.request('ping')).to.have.property('pong', true);
      expect(requestsSeen(log, 'order')).to.equal(0);
      expect(heard, 'not even the sending hook ran').to.deep.equal([]);
    });

    it('never drops an order once its line was written: it runs to its answer after the caller went away', async () => {
      const { sup, log } = make('delay:300');
      await sup.start();
      const gone = new AbortController();
      let sent!: () => void;
      const wasSent = new Promise<void>((r) => { sent = r; });
      const order = sup.request('order', ORDER, (e) => { if (e === 'sent') sent(); }, gone.signal);
      await wasSent;
      gone.abort();
      expect(await order).to.include({ success: true });
      expect(requestsSeen(log, 'order')).to.equal(1);
    });

    it('refuses a command whose caller had already gone before it was queued', async () => {
      const { sup, log } = make('');
      await sup.start();
      const err = await rejectionOf(sup.request('order', ORDER, undefined, AbortSignal.abort()));
      expect(err).to.include({ code: 'request_abandoned' });
      expect(await sup.request('ping')).to.have.property('pong', true);
      expect(requestsSeen(log, 'order')).to.equal(0);
    });
  });

  describe('dry-run means nothing reaches the client that changes anything: the bridge lock', () => {
    const EFFECTS: CommandName[] = ['cancel', 'direct_repay', 'direct_return', 'ipo_subscribe', 'order', 'refresh', 'repo', 'sim'];

    it('marks exactly the commands that change the client or the account as effects', () => {
      expect(COMMAND_NAMES.filter((c) => COMMANDS[c].effect)).to.deep.equal(EFFECTS);
    });

    it('refuses every effect command in dry-run with dry_run_locked (403) before queueing; the worker never sees one; reads still work', async () => {
      const { sup, log } = make('', { dryRun: true });
      await sup.start();
      for (const cmd of EFFECTS) {
        const heard: string[] = [];
        const err = await rejectionOf(sup.request(cmd, cmd === 'order' ? ORDER : {}, (e) => heard.push(e)));
        expect(err, cmd).to.be.instanceOf(BridgeError);
        expect(err, cmd).to.include({ code: 'dry_run_locked', http: 403, reason: 'dry_run' });
        expect(heard, cmd).to.deep.equal([]);
      }
      expect(await sup.request('balance')).to.have.property('entries');
      for (const cmd of EFFECTS) expect(requestsSeen(log, cmd), cmd).to.equal(0);
      expect(requestsSeen(log, 'balance')).to.equal(1);
    });

    it('sends the same order when the bridge is not in dry-run (the lock is what refused it)', async () => {
      const { sup, log } = make('', { dryRun: false });
      await sup.start();
      expect(await sup.request('order', ORDER)).to.include({ success: true });
      expect(requestsSeen(log, 'order')).to.equal(1);
    });
  });
});

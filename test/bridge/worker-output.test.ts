// Worker output with garbage before an event line, with a real fixture process: a `submitting` event printed after
// junk on the same line (a stray write without a newline), then the worker dies. The event must count: the order may
// have reached the client, so it is 504 outcome_unknown (submitted), never 503 "not sent, safe to retry".
import { expect } from 'chai';
import { BridgeError } from '../../src/bridge/bridge-error.ts';
import type { WorkerSupervisor } from '../../src/bridge/supervisor.ts';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.ts';
import { fakeSupervisor, recordingLogger, rejectionOf, requestsSeen } from './fake-worker.ts';

const ORDER = { side: 'buy', code: '600160', exchange: 'SH', price: '21.21', amount: 100 };

describe('bridge/worker output: garbage before an event line', () => {
  let sup: WorkerSupervisor | undefined;
  let server: FakeServer | undefined;
  afterEach(async () => {
    await sup?.stop(500);
    await server?.close();
    sup = undefined;
    server = undefined;
  });

  it('counts a submitting event printed after junk on its line: the order whose worker then died is outcome_unknown, sent once', async () => {
    const { logger, records } = recordingLogger();
    const made = fakeSupervisor('junk-submit-crash', { logger });
    sup = made.sup;
    await sup.start();
    const heard: string[] = [];
    const err = await rejectionOf(sup.request('order', ORDER, (e) => heard.push(e)));
    expect(err).to.be.instanceOf(BridgeError);
    expect(err).to.include({ code: 'outcome_unknown', submitted: true, http: 504 });
    expect(heard).to.include('submitting');
    expect(requestsSeen(made.log, 'order')).to.equal(1);
    const junk = records.find((r) => r['msg'] === 'non-protocol text before a protocol line from the worker; the line is kept, the text ignored');
    expect(junk?.['junk']).to.equal('WARNING: x{"not": "protocol"}');
    expect(records.filter((r) => String(r['msg']).startsWith('non-protocol line from worker')).length, 'the pure garbage lines are logged and ignored').to.be.at.least(3);
  });

  it('answers the HTTP order 504 outcome_unknown with submitted: true, not 503', async () => {
    server = await startFakeServer('junk-submit-crash');
    const r = await fetch(`${server.url}/buy?stock_code=600160&price=21.21&amount=100`);
    const body = await r.json() as Record<string, unknown>;
    expect(r.status).to.equal(504);
    expect(body).to.include({ status: -1, error: 'outcome_unknown', submitted: true });
    expect(server.requests().filter((q) => q.cmd === 'order')).to.have.length(1);
  });
});

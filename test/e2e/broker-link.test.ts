// The broker link end to end (2025–2026 builds, issue 14; THS-UI-FACTS "Broker link"): the client's status bar
// (msctls_statusbar32: '', 已连接 / 断开, the server mncg<n>) says whether the link to the broker's server is up.
// Down: reads answer 503 broker_disconnected instead of cached data and an order is refused before the click, after one
// refresh tried; down until the refresh: the refresh brings it up (new server name) and the read answers; /health shows it.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, type Backend, type ServerProcess, type SimStateFile, withStateServer, simOnly } from '../helpers/server-process.ts';

let backend: Backend = 'sim';

const withServer = (edit: (s: SimStateFile) => void, body: (s: ServerProcess) => Promise<void>): Promise<void> => withStateServer({ backend, edit }, body);

/** /health's worker.client.brokerLink. */
async function brokerLink(s: ServerProcess): Promise<Record<string, unknown>> {
  const worker = ((await s.get('/health')).body['message'] as Record<string, Record<string, unknown>>)['worker']!;
  return (worker['client'] as Record<string, unknown>)['brokerLink'] as Record<string, unknown>;
}

for (const b of e2eBackends()) describe(`e2e/broker-link [${b}]: the status bar's link to the broker`, function () {
  // A link that is up is every other suite's case: simulated backend only here (simOnly).
  const onSim = simOnly(b);
  this.timeout(180_000);
  before(() => { backend = b; });
  after(cleanupBackends);

  it('link down: /balance and /buy answer 503 broker_disconnected naming 断开 and the server, one refresh tried, no order placed', async () => {
    await withServer((st) => { st.client['brokerLink'] = 'down'; }, async (s) => {
      const bal = await s.get('/balance');
      expect(bal.http, JSON.stringify(bal.body)).to.equal(503);
      expect(bal.body['error']).to.equal('broker_disconnected');
      expect(String(bal.body['message'])).to.contain('断开').and.contain('mncg1');
      const buy = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
      expect(buy.http, JSON.stringify(buy.body)).to.equal(503);
      expect(buy.body['error']).to.equal('broker_disconnected');
      const st = s.state();
      expect(st.orders).to.have.length(0);
      expect(st.client['refreshCount'], 'one refresh per refused request').to.equal(2);
      expect(await brokerLink(s)).to.include({ state: 'down', reconnects: 2 });
    });
  });

  it('link down until the refresh: /balance answers 200 after one refresh, /health shows up on the new server', async () => {
    await withServer((st) => { st.client['brokerLink'] = 'downUntilRefresh'; }, async (s) => {
      expect((await brokerLink(s))['state'], 'before any read').to.equal('unknown');
      const bal = await s.get('/balance');
      expect(bal.http, JSON.stringify(bal.body)).to.equal(200);
      expect(bal.body['status']).to.equal(1);
      expect(s.state().client['refreshCount']).to.equal(1);
      expect(await brokerLink(s)).to.include({ state: 'up', text: '已连接', server: 'mncg2', reconnects: 1 });
      const again = await s.get('/balance');
      expect(again.http).to.equal(200);
      expect(s.state().client['refreshCount'], 'no refresh while the link is up').to.equal(1);
    });
  });

  onSim('link up: /balance answers 200 with no refresh and /health shows up', async () => {
    await withServer(() => undefined, async (s) => {
      expect((await s.get('/balance')).http).to.equal(200);
      expect(s.state().client['refreshCount'] ?? 0).to.equal(0);
      expect(await brokerLink(s)).to.include({ state: 'up', server: 'mncg1', reconnects: 0 });
    });
  });
});

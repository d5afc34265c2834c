// A 2025–2026 build (远航版) whose main frame carries no usual title: the worker still finds it by its class and the
// trading menu tree below it, and trades as usual.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, freshState, startServerProcess } from '../helpers/server-process.ts';

for (const backend of e2eBackends()) describe(`e2e/untitled-client [${backend}]: a main frame without the usual title`, function () {
  this.timeout(180_000);
  after(cleanupBackends);

  // The second title is the same search as the first: simulated backend only.
  for (const title of backend === 'sim' ? ['', '远航版'] : ['']) {
    it(`finds the frame titled "${title}" by its class and menu tree: /balance reads and a buy is placed`, async () => {
      const s = await startServerProcess({ backend, statePath: freshState((st) => { st.client['title'] = title; }) });
      try {
        const b = await s.get('/balance');
        expect(b.body['status'], JSON.stringify(b.body)).to.equal(1);
        expect((b.body['message'] as Record<string, string>)['资金余额']).to.equal('108328.65');
        const r = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
        expect(r.body).to.include({ status: 1, entrust_no: '4025982646' });
        expect(s.state().orders).to.have.length(1);
      } finally {
        await s.stop();
      }
    });
  }
});

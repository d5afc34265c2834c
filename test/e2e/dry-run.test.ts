// --dry-run end to end on the simulated client: nothing that changes the client reaches it. Cancels, reverse repos,
// IPO subscriptions and refreshes are answered as dry runs (a cancel reads today's orders to say which it would take),
// a quote move is refused, and no keep-alive refresh runs. The case: --dry-run with a live order in the
// account, then /cancel?scope=all, must leave the order open.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function statusOf(s: ServerProcess, no: string): string {
  return String(s.state().orders.find((x) => String(x['contractNo']) === no)?.['status']);
}

const refreshCount = (s: ServerProcess): number => Number(s.state().client['refreshCount'] ?? 0);
const subscriptions = (s: ServerProcess): unknown[] => ((s.state() as unknown as { ipo?: { subscriptions?: unknown[] } }).ipo?.subscriptions ?? []);

// Only the simulated backend: in dry-run nothing with an effect reaches the worker (the bridge's lock), whatever its port.
for (const backend of e2eBackends().filter((b) => b === 'sim')) describe(`e2e/dry-run [${backend}]: nothing that changes the client reaches it`, function () {
  this.timeout(180_000);
  let s: ServerProcess;
  let live = '';
  let sellLive = '';
  let refreshesAtStart = 0;

  before(async () => {
    const statePath = freshState();
    // A live account: a resting buy and a resting sell placed by a normal server, then the same client in dry-run.
    const placer = await startServerProcess({ statePath, backend });
    try {
      const buy = await placer.get('/buy?stock_code=600160&price=21.21&amount=100'); // rests (last 23.57)
      expect(buy.body).to.include({ status: 1 });
      live = String(buy.body['entrust_no']);
      const sell = await placer.get('/sell?stock_code=600988&price=19.00&amount=100'); // rests (last 18.06)
      expect(sell.body).to.include({ status: 1 });
      sellLive = String(sell.body['entrust_no']);
    } finally {
      await placer.stop();
    }
    s = await startServerProcess({ statePath, backend, args: ['--dry-run', '--keepalive-minutes', '0.01'] });
    refreshesAtStart = refreshCount(s);
  });
  after(async () => {
    await (s as ServerProcess | undefined)?.stop();
    await cleanupBackends();
  });

  it('answers /cancel?scope=all in dry-run as a dry run naming the live orders, and they stay open (the --dry-run cancel case)', async () => {
    const r = await s.get('/cancel?scope=all');
    expect(r.http).to.equal(200);
    expect(r.body).to.include({ status: 1, dry_run: true });
    expect(r.body['would_cancel']).to.have.members([live, sellLive]);
    expect(String(r.body['message'])).to.contain('模拟撤单（dry run）').and.contain(live).and.contain(sellLive);
    expect(statusOf(s, live)).to.equal('reported');
    expect(statusOf(s, sellLive)).to.equal('reported');
  });

  it('answers a cancel by contract number and by side as dry runs that name only the orders they would take', async () => {
    const one = await s.get(`/cancel?entrust_no=${live}`);
    expect(one.body).to.deep.include({ status: 1, dry_run: true, would_cancel: [live] });
    const sells = await s.get('/cancel?scope=sell');
    expect(sells.body).to.deep.include({ status: 1, dry_run: true, would_cancel: [sellLive] });
    const none = await s.get('/cancel?entrust_no=999999');
    expect(none.body).to.deep.include({ status: 1, dry_run: true, would_cancel: [] });
    expect(statusOf(s, live)).to.equal('reported');
    expect(statusOf(s, sellLive)).to.equal('reported');
  });

  it('answers /repo in dry-run with the repo it would place, after validation, and places none', async () => {
    const before = s.state().orders.length;
    const r = await s.get('/repo?stock_code=204001&rate=1.85&amount=10');
    expect(r.http).to.equal(200);
    expect(r.body).to.deep.include({ status: 1, dry_run: true, repo: { stock_code: '204001', exchange: 'SH', rate: '1.85', amount: 10, cny: 10000 } });
    expect(String(r.body['message'])).to.contain('模拟逆回购（dry run）');
    expect((await s.get('/repo?stock_code=600160&rate=1.85&amount=10')).body).to.include({ status: -1, error: 'invalid_stock_code' });
    expect(s.state().orders.length).to.equal(before);
  });

  it('answers a credit order (/margin_buy) in dry-run naming the credit page it would use, and places none', async () => {
    const before = s.state().orders.length;
    const r = await s.get('/margin_buy?stock_code=600160&price=21.21&amount=100');
    expect(r.http).to.equal(200);
    expect(r.body).to.deep.include({ status: 1, dry_run: true, order: { side: 'buy', stock_code: '600160', exchange: 'SH', price: '21.21', amount: 100, credit: 'marginBuy' } });
    expect(String(r.body['message'])).to.contain('融资买入 600160');
    expect(s.state().orders.length).to.equal(before);
  });

  it('answers /ipo/subscribe in dry-run with the offers it would subscribe, and subscribes none', async () => {
    const r = await s.get('/ipo/subscribe');
    expect(r.http).to.equal(200);
    expect(r.body).to.include({ status: 1, dry_run: true });
    expect(r.body['would_subscribe']).to.deep.equal(['732689', '787518', '301591']);
    expect(String(r.body['message'])).to.contain('模拟申购（dry run）');
    expect(subscriptions(s)).to.have.length(0);
  });

  it('answers /refresh in dry-run as a dry run, and the client receives no refresh command', async () => {
    const before = refreshCount(s);
    const r = await s.get('/refresh');
    expect(r.http).to.equal(200);
    expect(r.body).to.include({ status: 1, dry_run: true });
    expect(String(r.body['message'])).to.contain('模拟刷新（dry run）');
    expect(refreshCount(s)).to.equal(before);
  });

  // /sim/quote is the simulated backend's route (404 sim_only on win32).
  it('refuses /sim/quote in dry-run with 403 dry_run_locked, and the resting buy does not fill', async () => {
    const r = await s.get('/sim/quote?stock_code=600160&last=21.00');
    expect(r.http).to.equal(403);
    expect(r.body).to.include({ status: -1, error: 'dry_run_locked' });
    expect(statusOf(s, live)).to.equal('reported');
  });

  it('runs no keep-alive refresh in dry-run and says so once in the log', async () => {
    await sleep(2_000); // a few 0.6 s keep-alive intervals of idleness
    expect(s.logs.filter((l) => l.includes('dry run: keep-alive off'))).to.have.length(1);
    expect(s.logs.some((l) => l.includes('"keep-alive on"'))).to.equal(false);
    expect(refreshCount(s)).to.equal(refreshesAtStart);
  });

  it('still answers a buy as a dry run and places nothing', async () => {
    const orders = s.state().orders.length;
    const r = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
    expect(r.body).to.include({ status: 1, dry_run: true });
    expect(s.state().orders).to.have.length(orders);
  });
});

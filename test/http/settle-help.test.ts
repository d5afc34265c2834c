// The status page's settle calls (src/http/status-page/settle-help.ts) for an order of unknown outcome: with several
// accounts they name the row's account, or the server would answer 400 account_required.
import { expect } from 'chai';
import { settleHelp } from '../../src/http/status-page/settle-help.ts';

const row = { id: 7, stock_code: '600160', kind: 'buy', price: '23.57', amount: '100', received_at: '2026-12-07T02:00:00.000Z' };

describe('http/settle-help: the settle calls the status page shows', () => {
  it('names the account in both calls on a server with several accounts, and not with one', () => {
    const several = settleHelp(row, ['4025982646'], 'http://127.0.0.1:8888', true, '8801234502');
    expect(several.accepted).to.equal('curl -X POST -H "X-Ths-Token: $THS_TOKEN" -d account=8801234502 -d settlement=accepted -d "entrust_no=4025982646" http://127.0.0.1:8888/journal/7/settle');
    expect(several.absent).to.equal('curl -X POST -H "X-Ths-Token: $THS_TOKEN" -d account=8801234502 -d settlement=absent http://127.0.0.1:8888/journal/7/settle');
    const one = settleHelp(row, [], 'http://127.0.0.1:8888', false);
    expect(one.absent).to.equal('curl -X POST -d settlement=absent http://127.0.0.1:8888/journal/7/settle');
  });
});

import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRiskConfig } from '../../src/risk/config.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ths-risk-'));
let n = 0;
function file(text: string): string {
  const f = path.join(dir, `risk-${n++}.json`);
  writeFileSync(f, text);
  return f;
}

describe('risk/config: the risk-limit file', () => {
  it('reads every limit, normalising codes and trading hours', () => {
    const r = loadRiskConfig(file(JSON.stringify({
      max_shares_per_order: 1000, max_order_value: 50000.5, allowed_codes: ['600160', 'sz000001'], denied_codes: ['600519.SH'],
      max_orders_per_minute: 10, trading_hours: ['09:30-11:30'],
    })));
    expect(r.allowed_codes).to.deep.equal(['600160.SH', '000001.SZ']);
    expect(r.denied_codes).to.deep.equal(['600519.SH']);
    expect(r.trading_hours).to.deep.equal([{ text: '09:30-11:30', start: 570, end: 690 }]);
    expect(r.max_order_value).to.equal(50000.5);
  });

  it('accepts an empty object (no limits) and a UTF-8 BOM', () => {
    expect(loadRiskConfig(file('\uFEFF{}'))).to.deep.equal({});
  });

  const bad: Array<[string, string, RegExp]> = [
    ['a negative share limit', '{"max_shares_per_order": -5}', /max_shares_per_order: must be a positive integer/],
    ['a fractional share limit', '{"max_shares_per_order": 100.5}', /max_shares_per_order: must be a positive integer/],
    ['a share limit given as text', '{"max_shares_per_order": "1000"}', /max_shares_per_order: must be a positive integer/],
    ['a zero value limit', '{"max_order_value": 0}', /max_order_value: must be a positive number/],
    ['a bad code', '{"allowed_codes": ["600160", "abc"]}', /allowed_codes\.1: "abc" is not a stock code/],
    ['an empty allow list', '{"allowed_codes": []}', /allowed_codes: must list at least one code/],
    ['codes not in a list', '{"denied_codes": "600519"}', /denied_codes: must be a list of stock codes/],
    ['a zero rate', '{"max_orders_per_minute": 0}', /max_orders_per_minute: must be a positive integer/],
    ['hours in the wrong shape', '{"trading_hours": ["9:30-11:30"]}', /trading_hours\.0: "9:30-11:30" must be "HH:MM-HH:MM"/],
    ['hours ending before they start', '{"trading_hours": ["15:00-13:00"]}', /trading_hours\.0: .*start before the end/],
    ['a contradictory denied code (a Shanghai code with the Shenzhen prefix)', '{"denied_codes": ["sz600160"]}', /denied_codes\.0: "sz600160" is not a stock code/],
    ['a contradictory allowed code (a Shenzhen code with the Shanghai suffix)', '{"allowed_codes": ["600160", "000001.SH"]}', /allowed_codes\.1: "000001.SH" is not a stock code/],
    ['a misspelt key', '{"max_share_per_order": 100}', /unknown key max_share_per_order/],
    ['not an object', '[1]', /\(file\): must be a JSON object/],
    ['invalid JSON', '{"max_shares_per_order": 1000,}', /不是合法的 JSON/],
  ];
  for (const [what, text, message] of bad) {
    it(`refuses ${what}, naming the key`, () => {
      const f = file(text);
      expect(() => loadRiskConfig(f)).to.throw(Error, message).with.property('message').that.contains(f);
    });
  }

  it('says when the file cannot be read', () => {
    expect(() => loadRiskConfig(path.join(dir, 'missing.json'))).to.throw(/无法读取/);
  });
});

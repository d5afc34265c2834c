// The instrument classes a code identifies with certainty, the exchange it belongs to whatever prefix was written,
// and the exchange rules (buy lot, price tick) the order core checks before anything reaches the client.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CLASS_RULES, INSTRUMENT_FORMS, instrumentOf, marketRuleBroken, tickText, type InstrumentForm } from '../../src/core/instrument.ts';
import { exchangeOf, parseStockCode, type StockCode } from '../../src/core/market.ts';
import { ROOT } from '../helpers/pwsh.ts';

const code = (c: string): StockCode => {
  const r = parseStockCode(c);
  if ('error' in r) throw new Error(r.error);
  return r;
};

/** One docs table row per known form, from the code (docs/market-rules.md holds exactly these rows). */
function ruleRow(x: InstrumentForm): string {
  const r = CLASS_RULES[x.cls];
  const lot = r.buyLot === undefined ? '不检查 unchecked' : r.buyLot.step === r.buyLot.min ? `${r.buyLot.min} 的整数倍 multiple of ${r.buyLot.min}` : `≥ ${r.buyLot.min}，步长 ${r.buyLot.step} (≥ ${r.buyLot.min}, steps of ${r.buyLot.step})`;
  const tick = r.tickMilli === undefined ? '不检查 unchecked' : `${tickText(r.tickMilli)} 元 CNY`;
  return `| ${x.form} | ${x.exchange} | ${r.zh} (${r.en}) | ${lot} | ${tick} |`;
}

describe('core/instrument: classes, exchanges and the exchange rules checked before the client', () => {
  it('matches every 6-digit code to at most one known form', () => {
    for (let n = 0; n < 1_000_000; n++) {
      const c = String(n).padStart(6, '0');
      const hits = INSTRUMENT_FORMS.filter((x) => x.pattern.test(c));
      if (hits.length > 1) expect.fail(`${c} matches ${hits.map((h) => h.form).join(' and ')}`);
    }
  });

  const classes: Array<[string, string, string]> = [
    ['600160', 'SH', 'sh_main'], ['601398', 'SH', 'sh_main'], ['603986', 'SH', 'sh_main'], ['605499', 'SH', 'sh_main'],
    ['688981', 'SH', 'star'], ['689009', 'SH', 'star'], ['000001', 'SZ', 'sz_main'], ['001979', 'SZ', 'sz_main'],
    ['002555', 'SZ', 'sz_main'], ['003816', 'SZ', 'sz_main'], ['300750', 'SZ', 'chinext'], ['301269', 'SZ', 'chinext'],
    ['430047', 'BJ', 'bj'], ['830799', 'BJ', 'bj'], ['873223', 'BJ', 'bj'], ['920001', 'BJ', 'bj'],
    ['510300', 'SH', 'etf'], ['588000', 'SH', 'etf'], ['561300', 'SH', 'etf'], ['159915', 'SZ', 'etf'],
    ['501018', 'SH', 'lof'], ['161005', 'SZ', 'lof'], ['113050', 'SH', 'convertible'], ['110059', 'SH', 'convertible'],
    ['118000', 'SH', 'convertible'], ['123001', 'SZ', 'convertible'], ['128136', 'SZ', 'convertible'],
    ['204001', 'SH', 'repo'], ['131810', 'SZ', 'repo'], ['900901', 'SH', 'b_share'], ['200002', 'SZ', 'b_share'],
  ];
  for (const [c, exchange, cls] of classes) {
    it(`identifies ${c} as ${cls} on ${exchange}, and a bare ${c} resolves to ${exchange}`, () => {
      expect(instrumentOf(c)).to.include({ exchange, cls });
      expect(exchangeOf(c)).to.equal(exchange);
    });
  }

  it('fixes the exchanges the first digit got wrong or left unknown: 204xxx and 5xxxxx are Shanghai, 1318xx Shenzhen', () => {
    expect(exchangeOf('204001')).to.equal('SH'); // was Shenzhen (first digit 2)
    expect(exchangeOf('510300')).to.equal('SH'); // was not a code at all (first digit 5)
    expect(exchangeOf('500058')).to.equal('SH');
    expect(exchangeOf('131810')).to.equal('SZ');
    expect(exchangeOf('113050')).to.equal('SH');
    expect(exchangeOf('123001')).to.equal('SZ');
    expect(exchangeOf('100001'), 'a 1xxxxx form not known with certainty stays unidentified').to.equal(undefined);
  });

  const contradictions: Array<[string, string]> = [
    ['sz600160', '上海'], ['600160.SZ', '上海'], ['bj600160', '上海'], ['SZ688981', '上海'], ['sh000001', '深圳'], ['000001.SH', '深圳'],
    ['sh300750', '深圳'], ['sz430047', '北京'], ['sh920001', '北京'], ['sz510300', '上海'], ['sh159915', '深圳'], ['sz204001', '上海'],
    ['sh131810', '深圳'], ['sz113050', '上海'], ['sh123001', '深圳'], ['sz500058', '上海'], ['sz699999', '上海'],
  ];
  for (const [given, where] of contradictions) {
    it(`refuses the contradictory stock_code ${given}, saying the code is a ${where} code`, () => {
      const r = parseStockCode(given);
      expect(r).to.have.property('error').that.contains(`${where}证券交易所的代码`).and.contains('stock_code');
    });
  }

  it('accepts a prefix that agrees with the code, and a prefix on a code whose exchange the digits do not decide', () => {
    expect(parseStockCode('sh600160')).to.deep.equal({ code: '600160', exchange: 'SH' });
    expect(parseStockCode('000001.SZ')).to.deep.equal({ code: '000001', exchange: 'SZ' });
    expect(parseStockCode('600160.SS')).to.deep.equal({ code: '600160', exchange: 'SH' });
    expect(parseStockCode('sh019547')).to.deep.equal({ code: '019547', exchange: 'SH' });
    expect(parseStockCode('sz100001')).to.deep.equal({ code: '100001', exchange: 'SZ' });
  });

  const lots: Array<[string, number, boolean]> = [
    ['600160', 1, false], ['600160', 150, false], ['600160', 100, true], ['600160', 2500, true], ['000001', 99, false], ['000001', 200, true],
    ['300750', 101, false], ['300750', 300, true], ['688981', 199, false], ['688981', 200, true], ['688981', 201, true],
    ['430047', 99, false], ['430047', 100, true], ['920001', 101, true], ['510300', 150, false], ['510300', 1000, true],
    ['159915', 50, false], ['161005', 100, true], ['113050', 1, true], ['123001', 3, true], ['204001', 1, true], ['131810', 7, true],
    ['900901', 1, true],
  ];
  for (const [c, amount, ok] of lots) {
    it(`${ok ? 'accepts' : 'refuses'} a buy of ${amount} of ${c} (${instrumentOf(c)?.cls ?? '?'})${ok ? '' : ', naming amount and the rule'}`, () => {
      const r = marketRuleBroken('buy', code(c), null, amount);
      if (ok) expect(r).to.equal(null);
      else {
        expect(r?.field).to.equal('amount');
        expect(r?.message).to.match(/^amount \d+ 不符合交易所规则/).and.to.contain('买入数量应');
      }
    });
  }

  it('never lot-checks a sell (an odd remainder may be sold) nor amount=max, on every class', () => {
    for (const [c] of classes) {
      expect(marketRuleBroken('sell', code(c), null, 1), c).to.equal(null);
      expect(marketRuleBroken('buy', code(c), null, 'max'), c).to.equal(null);
    }
  });

  const ticks: Array<[string, string, boolean]> = [
    ['600160', '21.215', false], ['600160', '21.21', true], ['688981', '33.505', false], ['430047', '8.001', false], ['300750', '200.1', true],
    ['510300', '3.456', true], ['159915', '2.001', true], ['161005', '1.234', true], ['113050', '110.123', true], ['204001', '1.235', true],
  ];
  for (const [c, price, ok] of ticks) {
    it(`${ok ? 'accepts' : 'refuses'} price ${price} on ${c} (${instrumentOf(c)?.cls ?? '?'}) on both sides`, () => {
      for (const side of ['buy', 'sell'] as const) {
        const r = marketRuleBroken(side, code(c), price, side === 'buy' ? 1000 : 1);
        if (ok) expect(r, side).to.equal(null);
        else {
          expect(r?.field, side).to.equal('price');
          expect(r?.message).to.contain(`price ${price}`).and.to.contain('0.01 元');
        }
      }
    });
  }

  it('leaves a null price (the client\'s default) unchecked', () => {
    expect(marketRuleBroken('buy', code('600160'), null, 100)).to.equal(null);
  });

  it('has docs/market-rules.md list exactly the forms and rules of the code', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'market-rules.md'), 'utf8');
    const block = /<!-- rules:start -->\n([\s\S]*?)\n<!-- rules:end -->/.exec(doc)?.[1];
    expect(block, 'the rules block').to.be.a('string');
    const rows = block!.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| 代码') && !l.startsWith('|---'));
    expect(rows).to.deep.equal(INSTRUMENT_FORMS.map(ruleRow));
  });
});

// schemas.ts - what the docs say a caller may send and gets back: the accepted *input* forms of each parameter
// (the core's parsers take `unknown` and transform it, which JSON Schema cannot show) and the reply shapes of
// docs/api.md, as zod schemas the OpenAPI document converts. A test parses every example with the real schema.
import { z } from 'zod';
import { MARKET_TYPES } from '../../core/price-type.ts';

/** A 6-digit A-share code, bare or with an sh/sz/bj prefix or a .SH/.SZ/.SS/.BJ suffix (any case). */
export const STOCK_CODE_PATTERN = '^(?:(?:[sS][hHzZ]|[bB][jJ])\\d{6}|\\d{6}(?:\\.(?:[sS][hHzZsS]|[bB][jJ]))?)$';

export const StockCodeInput = z.union([
  z.string().regex(new RegExp(STOCK_CODE_PATTERN)),
  z.int().min(1).max(999999).describe('6 位数字代码写成整数（前导 0 会丢失）。a bare code as an integer (leading zeros are lost)'),
]).meta({ examples: ['600160', 'sh600160', '000001.SZ', 'bj430047'] });

/** An IPO code: the tradable forms, or a Shanghai subscription code 7xxxxx; absent = every offer of today. */
export const IpoCodeInput = z.union([StockCodeInput, z.string().regex(/^(?:7\d{5}|[sS][hH]7\d{5}|7\d{5}\.[sS][hHsS])$/)]).meta({ examples: ['787518', '732689'] });

/** price: a positive number with at most 3 decimals, as a number or a string; empty / None / null = leave it. */
export const PriceInput = z.union([
  z.number().positive(),
  z.string().regex(/^\s*\d{1,7}(?:\.\d{1,3})?\s*$/),
  z.enum(['', 'None', 'none', 'null']),
  z.null(),
]).meta({ examples: ['21.21', 21.21] });

/** amount: a positive integer (number or digits) or "max". */
/** A reverse repo's code: Shanghai 204xxx or Shenzhen 1318xx, in the stock_code forms (repo.ts). */
export const RepoCodeInput = z.string().regex(/^\s*(?:(?:sh|SH)?204\d{3}|204\d{3}\.(?:SH|sh|SS|ss)|(?:sz|SZ)?1318\d{2}|1318\d{2}\.(?:SZ|sz))\s*$/).meta({ examples: ['204001', 'sz131810'] });
/** A reverse repo's annual rate in percent (repo.ts). */
export const RateInput = z.union([z.number().gt(0).lt(1000), z.string().regex(/^\s*\d{1,3}(\.\d{1,3})?\s*$/)]).meta({ examples: [1.85, '1.850'] });
/** A reverse repo's amount in units of 1,000 CNY (repo.ts). */
export const RepayMoneyInput = z.union([z.number().gt(0), z.string().regex(/^\s*\d{1,11}(\.\d{1,2})?\s*$/)]).meta({ examples: [1000, '2357.50'] });
export const SharesInput = z.union([z.int().min(1).max(1_000_000_000), z.string().regex(/^\s*\d{1,10}\s*$/)]).meta({ examples: [200, '200'] });
export const RepoUnitsInput = z.union([z.int().min(1).max(1_000_000), z.string().regex(/^\s*\d{1,7}\s*$/)]).meta({ examples: [10, '10'] });
export const AmountInput = z.union([z.int().min(1).max(1_000_000_000), z.string().regex(/^\s*\d{1,10}\s*$/), z.literal('max')]).meta({ examples: [100, '100', 'max'] });

const MARKET_NAMES = [...new Set(MARKET_TYPES.flatMap((t) => [t.alias, t.name]))];

/** price_type: limit (default) or a market-order type by alias or by the client's Chinese name. */
export const PriceTypeInput = z.enum(['limit', '限价', '限价委托', ...MARKET_NAMES]).meta({ examples: ['limit', 'counterparty_best', 'best5_ioc'] });

export const EntrustNoInput = z.union([z.string().regex(/^\s*[A-Za-z0-9]{1,20}\s*$/), z.int().min(1)]).meta({ examples: ['4025982646', 'Z8346054'] });
export const ScopeInput = z.enum(['all', 'buy', 'sell']);
export const IdempotencyKeyInput = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).meta({ examples: ['strat1-20261124-0001'] });
export const FlagInput = z.union([z.enum(['1', '0', 'true', 'false']), z.boolean(), z.literal(1), z.literal(0)]);
export const DateInput = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ examples: ['2026-11-24'] });
export const LiquidityInput = z.union([z.int().min(0), z.string().regex(/^\s*\d{1,10}\s*$/)]).meta({ examples: [300, '0'] });
export const SettlementInput = z.enum(['accepted', 'absent']);
export const NoteInput = z.string().max(500);

// Replies: the message of each route, as docs/api.md shows it.

/** A grid as the client shows it: one object per row, keyed by the client's column names, in its column order. */
export const GridRows = z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])))
  .meta({ examples: [[{ 证券代码: '600160', 证券名称: '巨化股份', 操作: '买入', 委托价格: 21.21, 委托数量: 100, 合同编号: '4025982647', 备注: '已报' }]] });

export const BalanceMessage = z.record(z.string(), z.string()).meta({ examples: [{ 资金余额: '108328.65', 可用金额: '78919.91', 可取金额: '0.00', 股票市值: '90113.00', 总资产: '171154.59' }] });

export const PositionMessage = z.record(z.string(), z.object({
  证券名称: z.string(), 冻结数量: z.int(), 可用余额: z.int(), 股票余额: z.int(), 成本价: z.number(),
})).meta({ examples: [{ '002555': { 证券名称: '三七互娱', 冻结数量: 0, 可用余额: 200, 股票余额: 200, 成本价: 16.147 } }] });

/** The client's popup text. */
export const PopupText = z.string().meta({ examples: ['您的买入委托已成功提交，合同编号：4025982646。'] });

export const IpoResult = z.object({
  stock_code: z.string(), name: z.string(), price: z.string(), amount: z.int(), status: z.union([z.literal(1), z.literal(-1)]),
  message: z.string(), entrust_no: z.string().nullable(), error: z.string().optional(),
});

export const QuoteReply = z.object({ stock_code: z.string(), last: z.number(), limit_up: z.number(), limit_down: z.number(), liquidity: z.int() });
export const FillReply = z.object({ entrust_no: z.string(), amount: z.int(), price: z.number() });
export const RefreshReply = z.object({ at: z.string(), page: z.int().nullable(), ms: z.number() });

/** A journal row (docs/journal.md): open-ended, the fields named here are always there. */
export const JournalRow = z.looseObject({ id: z.int(), state: z.string(), settlement: z.string().nullable() });

export const HealthMessage = z.looseObject({ worker: z.looseObject({ state: z.enum(['starting', 'ready', 'restarting', 'failed', 'stopped']) }), server: z.looseObject({}) });

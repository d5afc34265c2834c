// read-tools.ts - the read-only MCP tools (always listed): balance, positions, today's orders and trades, health;
// each over the one trading core, answered with the same data as the HTTP routes.
import { GatewayError } from '../core/errors.ts';
import { Ordered, orderedRows } from '../core/ordered.ts';
import type { Trading } from '../trading/trading.ts';
import { field } from './args.ts';
import { dataResult } from './results.ts';
import type { ToolSpec } from './tool-spec.ts';

/** `open` as /orders reads it: 1 / 0 / true / false (a JSON boolean too), absent = all of today's orders. */
function openFlag(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === '0' || v === 0 || v === false || v === 'false') return false;
  if (v === '1' || v === 1 || v === true || v === 'true') return true;
  throw new GatewayError('invalid_body', 'open 只能是 1 / 0 / true / false。(open must be 1, 0, true or false)', { field: 'open' });
}

/** The read tools over `trading`; `tradingTools` tells get_health whether place_order / cancel_order are offered. */
export function readTools(trading: Trading, tradingTools: boolean): ToolSpec[] {
  return [
    {
      name: 'get_balance',
      title: '查询资金 / Get balance',
      description: '读取交易客户端“资金股票”页的资金信息（资金余额、可用金额、可取金额、总资产等，名称和数值与客户端显示的一致，数值是字符串），与 HTTP 接口 /balance 的 message 相同。只读。\n'
        + 'Reads the funds of the client\'s account page (balance, available, withdrawable, total assets ..., named and valued as the client shows them, values as strings); the same as the message of the HTTP route /balance. Read-only.',
      fields: {},
      run: async (_args, signal) => dataResult('资金 / balance:', { balance: new Ordered(await trading.balance(signal)) }),
    },
    {
      name: 'get_credit_balance',
      title: '查询信用资产 / Get credit balance',
      description: '读取信用（融资融券）账户的“查询资产”页：维持担保比例、可用保证金、融资负债、融券负债、融券卖出资金、总资产、净资产等，名称和数值与客户端显示的一致（数值是字符串），与 HTTP 接口 /credit_balance 相同。普通账户返回 not_credit_account。只读。\n'
        + 'Reads a credit (margin) account\'s 查询资产 page: the maintenance ratio 维持担保比例, available margin 可用保证金, the debts 融资负债 / 融券负债, the short-sale proceeds, total and net assets, named and valued as the client shows them (values as strings); the same as the HTTP route /credit_balance. A cash account answers not_credit_account. Read-only.',
      fields: {},
      run: async (_args, signal) => dataResult('信用资产 / credit balance:', { credit_balance: new Ordered(await trading.creditBalance(signal)) }),
    },
    {
      name: 'get_margin_securities',
      title: '查询标的证券 / Get margin securities',
      description: '读取信用账户“标的证券”页的表格：每只证券能否融资、融券，保证金比例，可融券数量，折算率（列名是客户端表头），与 HTTP 接口 /margin_securities 相同。普通账户返回 not_credit_account。只读。\n'
        + 'Reads a credit account\'s 标的证券 grid: whether each security can be financed or shorted, the margin ratios, the shares that can be borrowed and the collateral rate (keyed by the client\'s headers); the same as the HTTP route /margin_securities. A cash account answers not_credit_account. Read-only.',
      fields: {},
      run: async (_args, signal) => dataResult('标的证券 / margin securities:', { securities: (await trading.creditGrid('securities', signal)).rows }),
    },
    {
      name: 'get_credit_debts',
      title: '查询负债明细 / Get credit debts',
      description: '读取信用账户“负债明细”页的表格：每笔融资、融券负债（证券代码、负债类型、数量、金额、市值），与 HTTP 接口 /credit_debts 相同。普通账户返回 not_credit_account。只读。\n'
        + 'Reads a credit account\'s 负债明细 grid: each financed or shorted security (code, 融资 / 融券, shares, amount, value); the same as the HTTP route /credit_debts. A cash account answers not_credit_account. Read-only.',
      fields: {},
      run: async (_args, signal) => dataResult('负债明细 / credit debts:', { debts: (await trading.creditGrid('debts', signal)).rows }),
    },
    {
      name: 'get_positions',
      title: '查询持仓 / Get positions',
      description: '读取持仓表格：每只证券一行，列名是客户端表头（证券代码、证券名称、股票余额、可用余额、冻结数量、成本价、市价……），按客户端的顺序；/position 给出其中五列、按代码索引。只读。\n'
        + 'Reads the positions grid: one row per security, keyed by the client\'s column headers (证券代码 code, 证券名称 name, 股票余额 shares, 可用余额 available, 冻结数量 frozen, 成本价 cost, 市价 price ...), in the client\'s order; /position gives five of these columns keyed by code. Read-only.',
      fields: {},
      run: async (_args, signal) => dataResult('持仓 / positions:', { positions: await trading.positions(signal) }),
    },
    {
      name: 'get_orders',
      title: '查询当日委托 / Get today\'s orders',
      description: '读取当日委托表格（合同编号、证券代码、操作、委托价格、委托数量、成交数量、备注……），与 HTTP 接口 /orders 相同；open=true 时只给还能撤单的委托。只读。结果未知的委托要在这里核对。\n'
        + 'Reads today\'s orders grid (合同编号 contract number, 证券代码 code, 操作 side, prices, amounts, 成交数量 filled, 备注 status ...), the same as the HTTP route /orders; open=true gives only the orders that can still be cancelled. Read-only. An order of unknown outcome is checked here.',
      fields: { open: field(['boolean', 'integer', 'string'], '只要可撤的委托：true / 1；默认 false 给出全部。(only cancellable orders: true / 1; default false, all of today\'s)') },
      run: async (args, signal) => dataResult('当日委托 / today\'s orders:', { orders: await orderRows(trading, openFlag(args['open']), signal) }),
    },
    {
      name: 'get_trades',
      title: '查询当日成交 / Get today\'s trades',
      description: '读取当日成交表格（成交编号、合同编号、证券代码、操作、成交价格、成交数量……），与 HTTP 接口 /trades 相同。只读。\n'
        + 'Reads today\'s trades grid (成交编号 trade number, 合同编号 contract number, code, side, price, amount ...), the same as the HTTP route /trades. Read-only.',
      fields: {},
      run: async (_args, signal) => {
        const grid = await trading.trades(signal);
        return dataResult('当日成交 / today\'s trades:', { trades: orderedRows(grid.columns, grid.rows) });
      },
    },
    {
      name: 'get_health',
      title: '服务状态 / Get health',
      description: '网关和 PowerShell 工作进程的状态（worker.state 为 ready 才能下单和查询）、版本、委托日志状态，与 HTTP 接口 /health 的 message 相同；mcp.trading 说明是否提供 place_order / cancel_order（--mcp-trading）。不访问客户端。\n'
        + 'The state of the gateway and its PowerShell worker (worker.state must be ready for reads and orders), versions and the order journal\'s state, the same as the message of the HTTP route /health; mcp.trading says whether place_order / cancel_order are offered (--mcp-trading). Does not touch the client.',
      fields: {},
      run: () => Promise.resolve(dataResult('状态 / health:', { ...trading.health(), mcp: { trading: tradingTools } })),
    },
  ];
}

async function orderRows(trading: Trading, open: boolean, signal: AbortSignal): Promise<Ordered[]> {
  const grid = await trading.orders(open, signal);
  return orderedRows(grid.columns, grid.rows);
}

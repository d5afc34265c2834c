"""easytrader_strategy.py - a strategy written against easytrader's remote client, pointed at ths-http-trader.

一个按 easytrader 远程客户端写的策略：换到 ths-http-trader 只需改 HOST 和 PORT（服务用 --easytrader-port 1430 启动）。
A strategy written for easytrader's remote mode: switching it to ths-http-trader changes only HOST and PORT (start the
server with --easytrader-port 1430). See docs/easytrader.md.

    pip install easytrader            # the real library (its remote client needs only requests)
    python examples/easytrader_strategy.py [HOST] [PORT]

With a token on the server (--token-file), pass it as basic auth: THS_TOKEN=... (any user name; the password is the
token). The tests run this file unchanged against the simulated client with a stand-in of easytrader's remote client
(test/fixtures/easytrader_standin, not the library) on PYTHONPATH.
"""
import os
import sys

import easytrader.remoteclient as remoteclient

HOST = "127.0.0.1"  # easytrader's remote server on the trading PC -> ths-http-trader's --host
PORT = 1430         # easytrader's default port -> ths-http-trader's --easytrader-port


def main(host, port):
    token = os.environ.get("THS_TOKEN")
    # Unchanged easytrader code from here on (user / passwd only when the server has a token).
    user = remoteclient.use("ths", host=host, port=port, **({"user": "strategy", "passwd": token} if token else {}))
    print("prepare:", user.prepare(exe_path=r"C:\同花顺软件\同花顺\xiadan.exe"))

    balance = user.balance
    print("可用金额:", balance["可用金额"])
    held = {p["证券代码"]: p["可用余额"] for p in user.position}
    print("positions:", len(held))

    # A limit buy that rests, then its cancel: the entrust_no comes back as easytrader returns it.
    order = user.buy("600160", price=21.21, amount=100)
    print("buy entrust_no:", order["entrust_no"])
    open_nos = [e["合同编号"] for e in user.cancel_entrusts]
    print("open orders:", ",".join(open_nos))
    print("cancel:", user.cancel_entrust(order["entrust_no"])["message"])

    # A market buy with easytrader's ttype (the client's 委托方式).
    market = user.market_buy("000001", amount=100, ttype="对手方最优价格")
    print("market_buy entrust_no:", market["entrust_no"])

    # A refusal raises, as with easytrader: the server's text is the exception's message.
    try:
        user.sell("601390", price=5.62, amount=100)
    except Exception as e:  # noqa: BLE001 - easytrader raises a bare Exception
        print("sell refused:", e)

    for t in user.today_trades:
        print("trade:", t["证券代码"], t["成交数量"], t["成交均价"])
    print("exit:", user.exit())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else HOST, int(sys.argv[2]) if len(sys.argv) > 2 else PORT)

#!/usr/bin/env python3
"""python_client.py - 下一笔带幂等键的委托，安全重试，然后从 /events 读到它成交为止。

Places one order with an idempotency key (client_order_id), retries with the SAME key when no answer came
(connection error, timeout, HTTP 500/502/503, 409 idempotency_in_progress) -- the server's journal replays the first
answer and never places a second order; a 504 (outcome unknown) is an answer: not retried, never a new key -- then reads the order events (GET /events, Server-Sent Events) until the order is
filled, resuming with Last-Event-ID when the stream breaks.

    python3 examples/python_client.py --stock-code 600160 --price 21.21 --amount 100
    python3 examples/python_client.py --url http://127.0.0.1:8888 --side sell --stock-code 600988 --price 18.50 --amount 100 --key s1-0001

Exit codes: 0 filled, 1 refused or cancelled, 2 no answer, 3 outcome unknown, 4 not filled in --wait seconds.
Needs only `requests` (pip install requests, or Debian's python3-requests). docs/events.md, docs/journal.md.
"""
import argparse
import json
import os
import sys
import time
import uuid

import requests

# How often an order is sent (the same key each time) before giving up: with the backoff below, about half a minute.
MAX_ATTEMPTS = 6
# The first wait between attempts, doubled each time (a restarting server is back within seconds).
FIRST_RETRY_S = 1.0
# connect / read timeouts of an order request: an order can wait in the queue and for the client's popups.
ORDER_TIMEOUT_S = (5, 60)
# connect / read timeouts of the event stream: the server sends a heartbeat every 15 s, so 60 s of silence is a dead link.
EVENTS_TIMEOUT_S = (5, 60)
# Events that end the wait: filled is success, the others mean it never will be.
FINAL = {'order.filled': 0, 'order.cancelled': 1, 'order.partially_cancelled': 1, 'order.rejected': 1, 'order.not_sent': 1}


def say(text):
    print(text, flush=True)


def place(session, base, side, order, key):
    """Sends the order until an answer comes; every attempt carries the same key. Returns (http status, body) or None."""
    wait = FIRST_RETRY_S
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            r = session.post(f'{base}/{side}', json={**order, 'client_order_id': key}, timeout=ORDER_TIMEOUT_S)
            body = r.json()
        except (requests.ConnectionError, requests.Timeout, ValueError) as e:
            say(f'第 {attempt} 次没有回答，用同一个键 {key} 重试 (attempt {attempt}: no answer, retrying with the same key): {type(e).__name__}')
        else:
            in_progress = r.status_code == 409 and body.get('error') == 'idempotency_in_progress'
            # 504: the order may be in the client (outcome unknown); asking again only replays that answer.
            if (r.status_code < 500 or r.status_code == 504) and not in_progress:
                return r.status_code, body
            say(f'第 {attempt} 次回答 {r.status_code} {body.get("error")}，用同一个键 {key} 重试 (retrying with the same key)')
            if attempt == MAX_ATTEMPTS:
                return r.status_code, body
        time.sleep(wait)
        wait *= 2
    return None


def events(session, base, headers):
    """Yields (id, type, payload) from GET /events?since=today, reconnecting with Last-Event-ID when the stream breaks;
    (None, None, None) at each heartbeat."""
    last_id = None
    while True:
        h = dict(headers, Accept='text/event-stream')
        if last_id is not None:
            h['Last-Event-ID'] = str(last_id)
        try:
            with session.get(f'{base}/events', params=None if last_id is not None else {'since': 'today'}, headers=h, stream=True, timeout=EVENTS_TIMEOUT_S) as r:
                if r.status_code != 200:
                    raise SystemExit(f'/events 回答 {r.status_code}: {r.text}')
                fields = {}
                for line in r.iter_lines(chunk_size=None, decode_unicode=True):
                    if line:
                        if line.startswith(':'):
                            yield None, None, None  # a heartbeat: lets the caller look at its clock
                        elif ':' in line:
                            name, _, value = line.partition(':')
                            fields[name] = value[1:] if value.startswith(' ') else value
                        continue
                    if 'data' in fields:  # a blank line ends an event
                        last_id = int(fields['id'])
                        yield last_id, fields.get('event'), json.loads(fields['data'])
                    fields = {}
        except (requests.ConnectionError, requests.Timeout) as e:
            say(f'事件流断开，从 {last_id} 之后继续 (stream broke, resuming after {last_id}): {type(e).__name__}')
            time.sleep(FIRST_RETRY_S)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--url', default=os.environ.get('THS_URL', 'http://127.0.0.1:8888'))
    p.add_argument('--token', default=os.environ.get('THS_TOKEN'), help='the access token, when the server has one')
    p.add_argument('--side', choices=['buy', 'sell'], default='buy')
    p.add_argument('--stock-code', required=True)
    p.add_argument('--price', required=True)
    p.add_argument('--amount', required=True, type=int)
    p.add_argument('--key', help='the idempotency key (default: a new one); the same key on a rerun replays, never places again')
    p.add_argument('--wait', type=float, default=600, help='seconds to wait for the fill')
    a = p.parse_args()
    base = a.url.rstrip('/')
    key = a.key or f'py-{uuid.uuid4().hex[:16]}'
    session = requests.Session()
    if a.token:
        session.headers['Authorization'] = f'Bearer {a.token}'

    say(f'下单 {a.side} {a.stock_code} {a.amount} @ {a.price}，幂等键 {key} (placing with key {key})')
    answer = place(session, base, a.side, {'stock_code': a.stock_code, 'price': a.price, 'amount': a.amount}, key)
    if answer is None:
        say(f'没有回答：稍后用同一个键 {key} 再运行，不会重复下单 (no answer: rerun with the same key)')
        return 2
    status, body = answer
    journal = body.get('journal') or {}  # a replay: what the journal knows now (reconciliation's settlement)
    journal_id = body.get('journal_id') or journal.get('id')
    if status == 504 and journal.get('settlement') == 'accepted':
        status, body = 200, dict(body, status=1, entrust_no=journal.get('entrust_no'))
    if status == 504:
        say(f'结果未知，正在对账：去客户端的当日委托核对；用同一个键 {key} 再运行会得到对账结果 (outcome unknown): {body.get("message")}')
        return 3
    if body.get('status') != 1:
        say(f'被拒绝 (refused): {status} {body.get("error")} {body.get("message")}')
        return 1
    if body.get('dry_run'):
        say(f'演练模式，没有下单，也不会有成交 (dry run: nothing placed): {body.get("message")}')
        return 0
    say(f'已受理 accepted: 合同编号 entrust_no {body.get("entrust_no")}, 日志 journal_id {journal_id}, replayed={bool(body.get("replayed"))}')

    deadline = time.monotonic() + a.wait
    for event_id, kind, payload in events(session, base, {}):
        if time.monotonic() > deadline:
            break
        data = (payload or {}).get('data', {})
        if data.get('journal_id') != journal_id:
            continue
        say(f'事件 event {event_id} {kind}: 成交 filled {data.get("filled_amount", 0)} / {data.get("order_amount", a.amount)}')
        if kind in FINAL:
            say('全部成交 (filled)' if kind == 'order.filled' else f'不会再成交 (it will not fill): {kind}')
            return FINAL[kind]
    say(f'{a.wait} 秒内没有成交完 (not filled in time)')
    return 4


if __name__ == '__main__':
    sys.exit(main())

// page-script.ts - the status page's one inline script (plain browser JavaScript, as text): polls GET /status.json
// and redraws the page in place from it with textContent only (never innerHTML: caller text cannot become markup).
// With a token configured it asks for the token, keeps it in sessionStorage and sends it as X-Ths-Token (never in a URL).

/** Longest one poll may take before it is given up (the next one follows on schedule). */
export const STATUS_FETCH_TIMEOUT_MS = 5000;

/** The script for a page that polls every `refreshMs`; `tokenRequired`: ask for the token before the first poll. */
export function pageScript(refreshMs: number, tokenRequired: boolean): string {
  return `(function () {
'use strict';
var REFRESH_MS = ${String(refreshMs)};
var FETCH_TIMEOUT_MS = ${String(STATUS_FETCH_TIMEOUT_MS)};
var TOKEN_REQUIRED = ${String(tokenRequired)};
${BODY}
})();`;
}

const BODY = String.raw`var TOKEN_KEY = 'ths-http-trader.token';
var STATE = { received: '已收到 received', sent: '已发出 sent', accepted: '已受理 accepted', rejected: '被拒绝 rejected',
  unknown: '结果未知 unknown', not_sent: '未发出 not sent', abandoned: '已丢弃 abandoned' };
var WORKER = { starting: '启动中 starting', ready: '就绪 ready', restarting: '重启中 restarting', failed: '失败 failed', stopped: '已停止 stopped' };
var KIND = { buy: '买入 buy', sell: '卖出 sell', cancel: '撤单 cancel', ipo: '申购 IPO' };
var timer = null;
var busy = false;
function $(id) { return document.getElementById(id); }
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function show(v) { return v === null || v === undefined || v === '' ? '—' : String(v); }
function time(iso) {
  if (!iso) return '—';
  var d = new Date(iso);
  if (isNaN(d.getTime())) return String(iso);
  return d.toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
}
function span(ms) {
  if (typeof ms !== 'number') return '—';
  var s = Math.floor(ms / 1000);
  return Math.floor(s / 3600) + ' 小时 h ' + Math.floor((s % 3600) / 60) + ' 分 min';
}
function fact(dl, label, value, cls) {
  var dd = el('dd', cls, show(value));
  dl.appendChild(el('dt', null, label));
  dl.appendChild(dd);
}
function getToken() { try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; } }
function setToken(t) { try { if (t) sessionStorage.setItem(TOKEN_KEY, t); else sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* private mode */ } }
function schedule() { clearTimeout(timer); timer = setTimeout(load, REFRESH_MS); }
function note(text, bad) { var u = $('updated'); u.textContent = text; u.className = bad ? 'bad' : 'muted'; }
function showLogin(message) {
  clearTimeout(timer);
  $('status').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  note('需要访问令牌 token required', true);
  $('token').focus();
}
function renderWorker(d) {
  var w = d.worker, dl = el('dl');
  fact(dl, '状态 state', WORKER[w.state] || w.state, w.state === 'ready' ? 'ok' : 'bad');
  fact(dl, '后端 backend', w.backend);
  fact(dl, '工作进程 pid', w.pid);
  fact(dl, '客户端窗口 client window', w.window_found === true ? '已找到 found' : w.window_found === false ? '没有找到 not found' : null, w.window_found === false ? 'bad' : null);
  var link = w.broker_link || {};
  fact(dl, '券商连接 broker link', link.state === 'up' ? '已连接 up' + (link.server ? ' · ' + link.server : '') : link.state === 'down' ? '断开 down' : '未知 unknown', link.state === 'down' ? 'bad' : null);
  var r = w.last_refresh;
  fact(dl, '上次刷新 last refresh', r ? time(r.at) + (r.ok ? ' ✓' : ' ✗ ' + show(r.error)) : null, r && !r.ok ? 'bad' : null);
  fact(dl, '运行 uptime', span(w.uptime_ms));
  fact(dl, '重启 restarts', w.restarts);
  fact(dl, '排队 / 执行中 queued / in flight', show(w.queued) + ' / ' + show(w.in_flight));
  fact(dl, '备用进程 standby', w.standby ? show(w.standby.state) + (w.standby.pid ? ' (pid ' + w.standby.pid + ')' : '') : '关闭 off');
  fact(dl, 'PowerShell', show(w.powershell) + (w.language_mode ? ' · ' + w.language_mode : ''));
  fact(dl, '版本 version', '脚本 script ' + show(w.script_version) + ' · 服务 server ' + show(d.server.version));
  $('worker-facts').replaceChildren(dl);
}
function renderOrders(d) {
  var body = $('order-rows'), rows = [], cards = [];
  $('day').textContent = d.day;
  var j = d.journal;
  $('journal-facts').textContent = j === null ? '没有委托日志 no journal' :
    '日志 journal: ' + (j.writable ? '可写 writable' : '不可写 NOT writable') + ' · 待对账 unsettled: ' + show(j.unsettled);
  $('journal-facts').className = j === null || !j.writable || j.unsettled > 0 ? 'bad' : 'muted';
  (d.orders || []).forEach(function (o) {
    var tr = el('tr', 'state-' + o.state + (o.unsettled ? ' unsettled' : ''));
    tr.id = 'order-' + o.id;
    var state = el('td', 'state', STATE[o.state] || o.state);
    if (o.unsettled) state.appendChild(el('span', 'badge', '待对账 settle'));
    else if (o.settlement) state.appendChild(el('span', 'settled', '已对账 ' + o.settlement));
    [el('td', null, '#' + o.id), el('td', null, time(o.received_at)), el('td', null, KIND[o.kind] || o.kind), el('td', 'mono', show(o.stock_code)),
      el('td', 'num', show(o.price)), el('td', 'num', show(o.amount)), state, el('td', 'mono', show(o.entrust_no)),
      el('td', 'text', [o.client_text, o.error, o.settled_how].filter(Boolean).join(' · ') || '—'), el('td', 'mono', show(o.client_order_id))
    ].forEach(function (td) { tr.appendChild(td); });
    rows.push(tr);
    if (o.settle) cards.push(settleCard(o));
  });
  if (rows.length === 0) { var none = el('tr'); var td = el('td', 'muted', d.orders === null ? '委托日志不可用 the journal is not available' : '今天还没有委托 no orders today'); td.colSpan = 10; none.appendChild(td); rows.push(none); }
  body.replaceChildren.apply(body, rows);
  $('settle-cards').replaceChildren.apply($('settle-cards'), cards);
  $('settle').hidden = cards.length === 0;
}
function settleCard(o) {
  var s = o.settle, card = el('div', 'card');
  card.id = 'settle-' + o.id;
  card.appendChild(el('h3', null, '#' + o.id + ' ' + show(o.stock_code) + ' 结果未知，需要对账 · unknown outcome: settle it'));
  card.appendChild(el('p', null, s.check_zh));
  card.appendChild(el('p', 'en', s.check_en));
  if (s.candidates.length > 0) card.appendChild(el('p', null, '对账找到的候选合同编号 candidates: ' + s.candidates.join(', ')));
  card.appendChild(el('p', 'label', '在客户端里找到了 found in the client:'));
  card.appendChild(el('pre', 'cmd', s.accepted));
  card.appendChild(el('p', 'label', '确认客户端里没有 certainly not in the client:'));
  card.appendChild(el('pre', 'cmd', s.absent));
  return card;
}
function renderErrors(d) {
  var list = d.errors.map(function (e) {
    var li = el('li');
    li.appendChild(el('span', 'where', e.where));
    li.appendChild(el('span', 'muted', ' ' + time(e.at) + ' '));
    li.appendChild(el('span', 'text', e.text));
    return li;
  });
  if (list.length === 0) list.push(el('li', 'muted', '没有错误 no errors'));
  $('error-list').replaceChildren.apply($('error-list'), list);
}
function renderSecurity(d) {
  var s = d.security, dl = el('dl');
  fact(dl, '访问令牌 token', s.token_required ? '已设置 on' : '未设置 off', s.token_required ? 'ok' : 'warn');
  if (s.token_in_query) fact(dl, '令牌可放在查询字符串 token in query', '允许 allowed', 'warn');
  fact(dl, '允许的主机 hosts', ['localhost', '127.0.0.1', '::1'].concat(s.allow_hosts).join(', '));
  fact(dl, '允许的网页来源 origins', s.allow_origins.length ? s.allow_origins.join(', ') : '无 none');
  fact(dl, '演练模式 dry run', s.dry_run ? '开 on：委托不发给客户端 orders are not sent' : '关 off', s.dry_run ? 'warn' : null);
  var risk = s.risk === null ? '关 off' : '开 on: ' + Object.keys(s.risk).map(function (k) {
    var v = s.risk[k];
    return k + '=' + (Array.isArray(v) ? v.join(',') : String(v));
  }).join('; ');
  fact(dl, '风控限制 risk limits', risk);
  $('security-facts').replaceChildren(dl);
}
function render(d) {
  renderWorker(d);
  renderOrders(d);
  renderErrors(d);
  renderSecurity(d);
  $('login').hidden = true;
  $('status').hidden = false;
  note('更新于 updated ' + time(d.at) + '（每 ' + REFRESH_MS / 1000 + ' 秒刷新 refreshes every ' + REFRESH_MS / 1000 + ' s）', false);
}
// With several accounts the page shows the one its own address names (/?account=...), as /status.json needs.
var ACCOUNT = new URLSearchParams(location.search).get('account');
var ACCOUNT_QUERY = ACCOUNT ? '?account=' + encodeURIComponent(ACCOUNT) : '';
function load() {
  if (busy) return;
  if (document.hidden) { schedule(); return; }
  var token = getToken();
  if (TOKEN_REQUIRED && !token) { showLogin(''); return; }
  busy = true;
  var headers = { Accept: 'application/json' };
  if (token) headers['X-Ths-Token'] = token;
  var ctl = new AbortController();
  var killer = setTimeout(function () { ctl.abort(); }, FETCH_TIMEOUT_MS);
  fetch('/status.json' + ACCOUNT_QUERY, { headers: headers, cache: 'no-store', credentials: 'omit', redirect: 'error', signal: ctl.signal })
    .then(function (r) { return r.json().then(function (b) { return { http: r.status, body: b }; }); })
    .then(function (a) {
      if (a.http === 401) { setToken(null); showLogin(a.body.error === 'token_invalid' ? '令牌不正确 the token is wrong' : ''); return; }
      if (a.http !== 200 || a.body.status !== 1) note('读取失败 failed: ' + show(a.body.message), true);
      else render(a.body.message);
      schedule();
    })
    .catch(function (e) { note('连不上服务 cannot reach the server: ' + show(e && e.message) + '（显示的是上次读到的 showing the last data）', true); schedule(); })
    .finally(function () { clearTimeout(killer); busy = false; });
}
$('login-form').addEventListener('submit', function (ev) {
  ev.preventDefault();
  var t = $('token').value.trim();
  $('token').value = '';
  if (!t) return;
  setToken(t);
  load();
});
document.addEventListener('visibilitychange', function () { if (!document.hidden) load(); });
load();`;

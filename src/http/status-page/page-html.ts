// page-html.ts - the status page's HTML: a fixed shell (Chinese first, English second) with its inline style and
// script, and the Content-Security-Policy that allows exactly those two by their SHA-256 hashes. The shell holds no
// account data (the script fetches it), so it is the same for every caller and safe to answer before the token check.
import { createHash } from 'node:crypto';
import { pageScript } from './page-script.ts';

const STYLE = `
:root { color-scheme: light; --bad: #b3261e; --ok: #1e7b34; --warn: #8a5a00; --line: #d9dce1; --muted: #5f6670; }
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 24px 32px; font: 14px/1.5 system-ui, "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; color: #1c1f23; background: #f4f5f7; }
header h1 { margin: 0; font-size: 20px; }
h2 { margin: 0 0 8px; font-size: 16px; }
h3 { margin: 0 0 6px; font-size: 15px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 0 12px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: normal; white-space: nowrap; }
td.num { text-align: right; }
td.state { white-space: nowrap; }
td.text { overflow-wrap: anywhere; max-width: 420px; }
.mono, pre { font-family: ui-monospace, Consolas, "DejaVu Sans Mono", monospace; }
tr.state-accepted td.state { color: var(--ok); }
tr.state-rejected td.state, tr.state-not_sent td.state { color: var(--muted); }
tr.unsettled { background: #fff1c2; }
tr.unsettled td:first-child { border-left: 4px solid var(--bad); }
.badge { margin-left: 6px; padding: 0 6px; border-radius: 3px; background: var(--bad); color: #fff; font-size: 12px; }
.settled { margin-left: 6px; color: var(--muted); font-size: 12px; }
#settle { border-color: var(--bad); background: #fffaf0; }
.card { border-top: 1px solid var(--line); padding: 8px 0; }
.card p { margin: 4px 0; }
pre.cmd { margin: 2px 0 6px; padding: 6px 8px; background: #f0f1f3; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
ul { margin: 0; padding-left: 20px; }
.where { font-weight: 600; }
.ok { color: var(--ok); }
.bad { color: var(--bad); }
.warn { color: var(--warn); }
.muted { color: var(--muted); }
.en, .label { color: var(--muted); }
footer { color: var(--muted); font-size: 12px; }
input { font: inherit; padding: 4px 6px; width: 320px; }
button { font: inherit; padding: 4px 12px; }
`;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The page shell and its Content-Security-Policy. */
export interface StatusPage {
  html: string;
  csp: string;
}

/** Builds the shell once per app: the refresh interval and whether a token is asked for are fixed at start. */
export function statusPage(refreshMs: number, tokenRequired: boolean): StatusPage {
  const script = pageScript(refreshMs, tokenRequired);
  const html = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>ths-http-trader 状态 · status</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>ths-http-trader 状态 <span class="en">status</span></h1>
<p id="updated" class="muted">正在读取… loading…</p>
</header>
<noscript><section class="bad">本页需要 JavaScript 才能显示状态；同样的内容可以用脚本读 /status.json、/health 和 /journal。(This page needs JavaScript; /status.json, /health and /journal answer the same facts to scripts.)</section></noscript>
<section id="login" hidden>
<h2>需要访问令牌 <span class="en">Token required</span></h2>
<p>本服务设置了访问令牌。令牌只保存在这个标签页的 sessionStorage 里（关闭标签页即清除），作为 X-Ths-Token 请求头发送，不会出现在地址里。</p>
<p class="en">This server requires its access token. It is kept in this tab's sessionStorage only (gone when the tab closes) and sent as the X-Ths-Token header, never in a URL.</p>
<form id="login-form" autocomplete="off"><input id="token" type="password" autocomplete="off" aria-label="访问令牌 token" placeholder="访问令牌 token"> <button type="submit">查看 View</button></form>
<p id="login-error" class="bad"></p>
</section>
<main id="status" hidden>
<div class="grid">
<section id="worker"><h2>工作进程与客户端 <span class="en">Worker and client</span></h2><div id="worker-facts"></div></section>
<section id="security"><h2>安全设置 <span class="en">Security</span></h2><div id="security-facts"></div></section>
</div>
<section id="settle" hidden><h2>需要对账的委托 <span class="en">Orders to settle</span></h2>
<p>这些委托已经点击提交，但没有等到客户端的结果，自动对账也还没有结论。核对客户端后用下面的命令记下结论（docs/journal.md「手工对账」）。</p>
<p class="en">These orders were submitted but their result was never seen and reconciliation has not decided yet. Check the client, then record what you found with one of the calls below.</p>
<div id="settle-cards"></div></section>
<section id="orders"><h2>今日委托 <span class="en">Today's orders</span> <span id="day" class="muted"></span></h2>
<p id="journal-facts" class="muted"></p>
<table><thead><tr><th>#</th><th>时间 time</th><th>类型 kind</th><th>代码 code</th><th>价格 price</th><th>数量 amount</th><th>状态 state</th><th>合同编号 entrust no.</th><th>客户端原文 / 错误 client text / error</th><th>幂等键 key</th></tr></thead>
<tbody id="order-rows"></tbody></table></section>
<section id="errors"><h2>最近的错误 <span class="en">Last errors</span></h2><ul id="error-list"></ul></section>
</main>
<footer>只读页面：不下单、不撤单、不对账。Read-only: this page never places, cancels or settles anything.</footer>
<script>${script}</script>
</body>
</html>
`;
  const csp = [
    "default-src 'none'", `script-src ${sha256(script)}`, `style-src ${sha256(STYLE)}`, "connect-src 'self'", 'img-src data:',
    "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "require-trusted-types-for 'script'", "trusted-types 'none'",
  ].join('; ');
  return { html, csp };
}

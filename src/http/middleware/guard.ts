// guard.ts - refuses requests a browser could send without the user meaning them. Before any handler runs, on every
// route: foreign Host names (DNS rebinding), foreign Origin headers and cross-site / same-site fetches. After the
// token check, on the routes with an effect: any request with a browser mark (browser-marks.ts) unless its token was
// found right. Scripts (curl, Python requests, Node fetch, .NET HttpClient, Invoke-RestMethod) carry no mark and pass.
// CORS headers only for configured origins.
import net from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { GatewayError } from '../../core/errors.ts';
import { browserMarks, isEffectRoute } from './browser-marks.ts';
import { hasValidToken } from './token.ts';

/** Host names always accepted, with any port: the loopback names. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '::1'];

/** How long a browser may cache a preflight answer for a configured origin. */
const PREFLIGHT_MAX_AGE_S = 600;

export interface GuardOptions {
  /** Extra Host names (lowercase, no port), e.g. a LAN name or address; the loopback names are always allowed. */
  allowHosts?: readonly string[];
  /** Origins (`scheme://host[:port]`) whose pages may call the gateway; CORS headers are sent to these only. */
  allowOrigins?: readonly string[];
}

/** True for an address or name that only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || h.startsWith('::ffff:127.') || h === '0:0:0:0:0:0:0:1';
  return false;
}

/** A configured host name as the guard compares it (lowercase, IPv6 without brackets); an error text otherwise. */
export function normalizeHostName(name: string): string | { error: string } {
  const h = name.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (net.isIPv6(h)) return h;
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(h)) {
    return { error: `${JSON.stringify(name)} 不是主机名或 IP 地址（不带端口，如 192.168.1.20 或 trader.lan；任何端口都接受）。(a host name or IP without port)` };
  }
  return h;
}

/** A configured origin as browsers send it (`http://host:port`, lowercase, no path); an error text otherwise. */
export function normalizeOrigin(origin: string): string | { error: string } {
  const bad = { error: `${JSON.stringify(origin)} 不是网页来源：应为 scheme://host[:port]，如 http://192.168.1.5:3000，不带路径。(an origin: scheme://host[:port])` };
  let u: URL;
  try {
    u = new URL(origin.trim());
  } catch {
    return bad;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.origin === 'null') return bad;
  if (origin.trim().replace(/\/$/, '').toLowerCase() !== u.origin) return bad;
  return u.origin;
}

/** The host name of a Host header value without its port (IPv6 without brackets), or undefined when malformed. */
export function hostNameOf(header: string): string | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9._-]+))(?::(\d{1,5}))?$/.exec(header.trim());
  if (!m) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- one side of the alternation matched
  return (m[1] ?? m[2])!.toLowerCase();
}

/** Express middleware: the Host allow-list, then the Origin / Sec-Fetch-Site checks and CORS for configured origins. */
export function browserGuard(opts: GuardOptions): (req: Request, res: Response, next: NextFunction) => void {
  const hosts = new Set([...LOOPBACK_HOSTS, ...(opts.allowHosts ?? [])]);
  const origins = new Set(opts.allowOrigins ?? []);
  return (req, res, next) => {
    const host = req.headers.host;
    const name = host === undefined ? undefined : hostNameOf(host);
    if (name === undefined || !hosts.has(name)) {
      throw new GatewayError('host_not_allowed', `拒绝：Host ${JSON.stringify(host ?? '')} 不在允许列表中（${[...hosts].join(', ')}）。网页通过 DNS 重绑定访问本服务时就是这样；如需用别的名字或局域网地址访问，请用 --allow-host 添加。(Host not allowed; add it with --allow-host)`, { field: 'Host' });
    }
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!origins.has(origin.toLowerCase())) {
        throw new GatewayError('origin_not_allowed', `拒绝：来自网页 ${JSON.stringify(origin.slice(0, 100))} 的请求。网页不能下单；如确需某个网页调用本服务，请用 --allow-origin 添加它的来源。(browser origin not allowed; see --allow-origin)`, { field: 'Origin' });
      }
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, X-Ths-Token, Content-Type');
        res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
        if (req.headers['access-control-request-private-network'] === 'true') res.setHeader('Access-Control-Allow-Private-Network', 'true');
        res.status(204).end();
        return;
      }
      next();
      return;
    }
    const site = (req.headers['sec-fetch-site'] ?? '').toLowerCase();
    if (site === 'cross-site' || site === 'same-site') {
      throw new GatewayError('cross_site_request', `拒绝：浏览器报告这是来自其他网站的请求（Sec-Fetch-Site: ${site}）。网页、图片链接和表单不能下单。(cross-site browser request refused)`, { field: 'Sec-Fetch-Site' });
    }
    next();
  };
}

/** Express middleware, after the token check: a browser-marked request to a route with an effect passes only with a
 * token `requireToken` found right. Without a token configured no browser can ever pass. */
export function refuseBrowserEffects(opts: { allowOrigins?: readonly string[]; tokenConfigured: boolean }): (req: Request, res: Response, next: NextFunction) => void {
  const origins = new Set(opts.allowOrigins ?? []);
  return (req, _res, next) => {
    if (!isEffectRoute(req.path) || hasValidToken(req)) {
      next();
      return;
    }
    const marks = browserMarks(req.headers, origins);
    const first = marks[0];
    if (first === undefined) {
      next();
      return;
    }
    const seen = marks.map((m) => `${m.header}: ${JSON.stringify(m.value)}（${m.zh}）`).join('；');
    const seenEn = marks.map((m) => m.header).join(', ');
    const todo = opts.tokenConfigured
      ? '如确需用浏览器工具，请在 Authorization: Bearer <令牌> 或 X-Ths-Token 请求头中带上访问令牌'
      : '本服务没有设置访问令牌，所以浏览器永远不能做这件事；如确需用浏览器工具，请用 --token-file 设置令牌，并在 Authorization: Bearer <令牌> 或 X-Ths-Token 请求头中发送';
    throw new GatewayError('browser_request', `拒绝：${req.path} 会改变账户，而这个请求带有浏览器的痕迹：${seen}。链接、书签、地址栏、预渲染、网页和邮件里的图片都不能下单或撤单。请用脚本或 HTTP 客户端调用（curl、Python requests、Invoke-RestMethod 等，不带这些请求头）；${todo}。(a browser request to a route that changes the account, without the token: ${seenEn}; call it from a script or HTTP client, or configure a token and send it in a header)`, { field: first.header });
  };
}

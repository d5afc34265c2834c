// helpers.ts - for the easytrader suites: a real server with --easytrader-port 0 on the simulated backend, and
// Python `requests` sending what easytrader's remote client sends (test/fixtures/easytrader_calls.py).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { ROOT } from '../helpers/pwsh.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

/** Longest a batch of Python calls may take: a Python start (~0.2 s) plus a few orders on the simulated client. */
const PYTHON_TIMEOUT_MS = 60_000;

export const CALLS_SCRIPT = path.join(ROOT, 'test', 'fixtures', 'easytrader_calls.py');
export const STANDIN = path.join(ROOT, 'test', 'fixtures', 'easytrader_standin');

/** One HTTP call as the Python side makes it: `json` goes through requests' json= (Content-Type set), `data` as raw
 * bytes without a Content-Type. */
export interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  path: string;
  json?: unknown;
  data?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  contentType: string;
  /** The WWW-Authenticate header ('' when absent). */
  wwwAuthenticate: string;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  body: unknown;
}

export interface EtServer extends ServerProcess {
  /** easytrader's port's base URL, from the 'listening' log line. */
  etUrl: string;
}

/** Longest the worker may take to be ready on the simulated backend (a pwsh start on a loaded machine). */
const READY_TIMEOUT_MS = 30_000;

/** Waits until /health says the worker is ready, sending the token when there is one. */
async function waitReady(s: ServerProcess, token: string | undefined): Promise<void> {
  const end = Date.now() + READY_TIMEOUT_MS;
  const init = token === undefined ? undefined : { headers: { Authorization: `Bearer ${token}` } };
  for (;;) {
    const h = await s.get('/health', init);
    if ((h.body['message'] as { worker?: { state?: string } } | undefined)?.worker?.state === 'ready') return;
    if (Date.now() > end) throw new Error('worker not ready:\n' + s.logs.join('\n'));
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts the real server with --easytrader-port 0 (plus `args`; `token` is written to a --token-file) and finds the
 * port it bound. */
export async function startEtServer(opts: { args?: string[]; statePath?: string; token?: string } = {}): Promise<EtServer> {
  const tokenArgs = opts.token === undefined ? [] : ['--token-file', tokenFile(opts.token)];
  const s = await startServerProcess({ statePath: opts.statePath, waitReady: false, args: ['--easytrader-port', '0', ...tokenArgs, ...(opts.args ?? [])] });
  await waitReady(s, opts.token);
  const line = s.logs.map((l) => {
    try {
      return JSON.parse(l) as { msg?: string; easytraderUrl?: string };
    } catch {
      return {};
    }
  }).find((j) => j.msg === 'listening');
  if (!line?.easytraderUrl) throw new Error('no easytraderUrl in the listening line:\n' + s.logs.join('\n'));
  return Object.assign(s, { etUrl: line.easytraderUrl });
}

/** Sends `calls` in order on one requests.Session (basic auth when `auth` is given) and returns the answers. */
export async function pyCalls(base: string, calls: Call[], auth?: [string, string]): Promise<Answer[]> {
  const r = await execa('python3', [CALLS_SCRIPT], { input: JSON.stringify({ base, auth: auth ?? null, calls }), timeout: PYTHON_TIMEOUT_MS, reject: false });
  if (r.exitCode !== 0) throw new Error(`python3 failed (${String(r.exitCode)}):\n${r.stderr}`);
  const out = JSON.parse(r.stdout) as Array<{ status: number; content_type: string; www_authenticate: string; text: string }>;
  return out.map((a) => {
    let body: unknown;
    try {
      body = JSON.parse(a.text);
    } catch {
      body = undefined;
    }
    return { status: a.status, contentType: a.content_type, wwwAuthenticate: a.www_authenticate, text: a.text, body };
  });
}

/** One call; its answer. */
export async function pyCall(base: string, call: Call, auth?: [string, string]): Promise<Answer> {
  const [a] = await pyCalls(base, [call], auth);
  if (!a) throw new Error('no answer');
  return a;
}

/** What easytrader's prepare() sends: every named parameter, nulls included, and the nested kwargs. */
export function prepareBody(broker = 'ths'): Record<string, unknown> {
  return { config_path: null, user: null, password: null, exe_path: null, comm_password: null, kwargs: {}, broker };
}

/** What easytrader's buy() / sell() send. */
export function orderBody(security: string, price: number, amount: number, kwargs: Record<string, unknown> = {}): Record<string, unknown> {
  return { security, price, amount, kwargs };
}

/** A token file in a fresh temp dir. */
export function tokenFile(token: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-et-')), 'token');
  writeFileSync(file, token);
  return file;
}

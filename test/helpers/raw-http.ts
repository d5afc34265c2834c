// raw-http.ts - a plain Node HTTP client with full control of headers (Host, Origin, ...) and no browser headers.
import http from 'node:http';
import net from 'node:net';

/** Longest a single test request may take. */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface RawReply {
  http: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The JSON body, or undefined when the body is not JSON. */
  body: Record<string, unknown> | undefined;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  agent?: http.Agent;
  /** Send no Host header at all. */
  noHost?: boolean;
}

/** Sends one request to `base` + `pathAndQuery` (sent as given, unencoded); rejects after REQUEST_TIMEOUT_MS. */
export function send(base: string, pathAndQuery: string, req: RawRequest = {}): Promise<RawReply> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const r = http.request({
      host: u.hostname,
      port: u.port,
      method: req.method ?? (req.body === undefined ? 'GET' : 'POST'),
      path: pathAndQuery,
      headers: req.headers ?? {},
      agent: req.agent ?? false,
      timeout: REQUEST_TIMEOUT_MS,
      setHost: req.noHost !== true,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: Record<string, unknown> | undefined;
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          body = undefined;
        }
        resolve({ http: res.statusCode ?? 0, headers: res.headers, text, body });
      });
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`no answer to ${req.method ?? 'GET'} ${pathAndQuery} in ${REQUEST_TIMEOUT_MS} ms`)));
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Writes raw bytes to the server and returns everything it answers until it closes (bounded by REQUEST_TIMEOUT_MS). */
export function rawExchange(base: string, bytes: string | Buffer): Promise<string> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sock = net.connect({ host: u.hostname, port: Number(u.port) }, () => sock.end(bytes));
    sock.setTimeout(REQUEST_TIMEOUT_MS, () => sock.destroy(new Error('no answer in time to raw request')));
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    sock.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve(Buffer.concat(chunks).toString('latin1')) : reject(err)));
  });
}

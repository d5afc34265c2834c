// sse.ts - a raw Server-Sent Events reader for the tests (node:http, no reconnects of its own): the status and
// headers, every event and comment as it arrives, and a bounded wait for an event.
import http from 'node:http';

export interface SseEvent {
  id: number;
  event: string;
  data: { id: number; type: string; at: string; data: Record<string, unknown> };
}

export interface SseStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as text when the answer is not a stream (an error envelope). */
  body(): string;
  events: SseEvent[];
  comments: string[];
  retry: number | null;
  /** Resolves with the first event (from the start) that `pred` accepts; rejects after `ms`. */
  waitFor(pred: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream (a restart, a shutdown). */
  ended: Promise<void>;
  close(): void;
}

/** Opens `url` (GET) with `headers` and parses the stream as it comes. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      let buf = '';
      let raw = '';
      const waiters: Array<() => void> = [];
      let endResolve: () => void = () => undefined;
      const s: SseStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: () => raw,
        events: [],
        comments: [],
        retry: null,
        waitFor: (pred, ms = 20_000) => new Promise((ok, fail) => {
          const check = (): boolean => {
            const e = s.events.find(pred);
            if (e) ok(e);
            return e !== undefined;
          };
          if (check()) return;
          const timer = setTimeout(() => fail(new Error(`no such event in ${String(ms)} ms; got ${s.events.map((e) => `${String(e.id)}:${e.event}`).join(' ')}`)), ms);
          waiters.push(() => {
            if (check()) clearTimeout(timer);
          });
        }),
        ended: new Promise((r) => { endResolve = r; }),
        close: () => { req.destroy(); },
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        buf += chunk;
        let cut: number;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const f: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) s.comments.push(line.slice(1).trim());
            else {
              const i = line.indexOf(':');
              f[line.slice(0, i)] = line.slice(i + 1).trimStart();
            }
          }
          if (f['retry'] !== undefined) s.retry = Number(f['retry']);
          if (f['data'] !== undefined) s.events.push({ id: Number(f['id']), event: String(f['event']), data: JSON.parse(f['data']) as SseEvent['data'] });
        }
        for (const w of waiters.slice()) w();
      });
      res.on('end', () => endResolve());
      res.on('close', () => endResolve());
      resolve(s);
    });
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
  });
}

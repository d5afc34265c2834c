// openapi-gaps.ts - what an OpenAPI document leaves out: the routes an express app answers (walked from its router
// stack) and the error codes of the registry that no operation names; and every $ref that does not resolve.
import type express from 'express';
import pino from 'pino';
import { ERRORS } from '../../src/core/errors.ts';
import { buildApp, type HttpOptions } from '../../src/http/app.ts';
import type { Trading } from '../../src/trading/trading.ts';

type Json = Record<string, unknown>;

/** Files the /docs page loads: part of /docs, not routes of their own. */
const DOCS_ASSETS = '/docs/assets/';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string;
}

/** "GET /journal/{id}"-style names of every GET and POST route an express app answers (HEAD and `all` aside). */
export function appRoutes(app: express.Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string): void => {
    for (const l of stack) {
      if (l.route) {
        const p = `${prefix}${l.route.path}`.replace(/:(\w+)/g, '{$1}');
        if (p.startsWith(DOCS_ASSETS)) continue;
        for (const m of ['get', 'post']) if (l.route.methods[m]) out.push(`${m.toUpperCase()} ${p}`);
      } else if (l.handle?.stack) {
        walk(l.handle.stack, l.rawPath !== undefined && l.rawPath !== '/' ? `${prefix}${l.rawPath}` : prefix);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

/** The main app as the server builds it, with a journal (so the journal routes exist) over a trading core that is
 * never called: building the app only registers routes. */
export function appWithEveryRoute(opts: Partial<HttpOptions> = {}): express.Express {
  const trading = new Proxy({ hasJournal: true }, {
    get: (t, k) => (k in t ? (t as Record<string | symbol, unknown>)[k] : () => undefined),
  }) as unknown as Trading;
  return buildApp(trading, { logger: pino({ level: 'silent' }), ...opts });
}

/** The operations of a document as "GET /path" names. */
export function documentedRoutes(doc: Json): string[] {
  const out: string[] = [];
  for (const [p, item] of Object.entries(doc['paths'] as Record<string, Json>)) {
    for (const m of Object.keys(item)) out.push(`${m.toUpperCase()} ${p}`);
  }
  return out;
}

/** Routes the app answers that the document lacks. */
export function missingRoutes(doc: Json, routes: readonly string[]): string[] {
  const documented = new Set(documentedRoutes(doc));
  return routes.filter((r) => !documented.has(r));
}

/** Registry codes that no operation (x-error-codes) nor the document (x-app-errors) names. */
export function missingErrorCodes(doc: Json): string[] {
  const named = new Set<string>(doc['x-app-errors'] as string[]);
  for (const item of Object.values(doc['paths'] as Record<string, Json>)) {
    for (const op of Object.values(item) as Json[]) for (const c of op['x-error-codes'] as string[]) named.add(c);
  }
  return Object.keys(ERRORS).filter((c) => !named.has(c));
}

/** Every `$ref` in the document that does not point at something in it. */
export function unresolvedRefs(doc: Json): string[] {
  const bad: string[] = [];
  const resolve = (ref: string): unknown => ref.replace(/^#\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Json)[key] : undefined), doc);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && (typeof v !== 'string' || !v.startsWith('#/') || resolve(v) === undefined)) bad.push(String(v));
        else visit(v);
      }
    }
  };
  visit(doc);
  return bad;
}

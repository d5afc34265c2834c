// The OpenAPI 3.1 document (src/http/openapi/): its shape, and that it leaves out no route the app answers, no error
// code of the registry, no parameter a route's schema takes; the check is proven to catch a planted gap.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ERRORS, type ErrorCode } from '../../src/core/errors.ts';
import { IDEMPOTENCY_PARAM, paramNames } from '../../src/http/middleware/known-params.ts';
import { buildOpenApi } from '../../src/http/openapi/document.ts';
import { ROUTE_TABLE } from '../../src/http/openapi/route-table.ts';
import { MCP_PATH } from '../../src/mcp/http.ts';
import { appRoutes, appWithEveryRoute, missingErrorCodes, missingRoutes, unresolvedRefs } from '../helpers/openapi-gaps.ts';
import { ROOT } from '../helpers/pwsh.ts';

type Json = Record<string, unknown>;

const doc = buildOpenApi();
const operations = (d: Json): Array<[string, string, Json]> => Object.entries(d['paths'] as Record<string, Json>)
  .flatMap(([p, item]) => Object.entries(item).map(([m, op]): [string, string, Json] => [p, m, op as Json]));

/** The examples a zod input schema carries (`.meta({ examples })`). */
function examplesOf(schema: z.ZodType): unknown[] {
  const meta = z.globalRegistry.get(schema) as { examples?: unknown[] } | undefined;
  return meta?.examples ?? [];
}

/** The field schema of `name` inside a route's zod schema (through its transform). */
function fieldOf(schema: z.ZodType, name: string): z.ZodType | undefined {
  let s: unknown = schema;
  while (s instanceof z.ZodPipe) s = s.in;
  return s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>)[name] : undefined;
}

describe('http/openapi: the OpenAPI document', () => {
  it('is OpenAPI 3.1 with info, relative servers, the optional bearer and X-Ths-Token schemes', () => {
    expect(doc['openapi']).to.match(/^3\.1\.\d+$/);
    expect((doc['info'] as Json)['title']).to.be.a('string').and.not.equal('');
    expect(doc['servers']).to.deep.equal([{ url: '/', description: '本服务 this server' }]);
    const schemes = (doc['components'] as Json)['securitySchemes'] as Json;
    expect(schemes['bearerAuth']).to.include({ type: 'http', scheme: 'bearer' });
    expect(schemes['thsToken']).to.include({ type: 'apiKey', in: 'header', name: 'X-Ths-Token' });
    expect(doc['security']).to.deep.include({}); // the token is optional: the server may run without one
  });

  it('gives every operation a unique operationId, a Chinese-first summary and a 200 response', () => {
    const ids = new Set<string>();
    for (const [p, m, op] of operations(doc)) {
      expect(['get', 'post'], `${m} ${p}`).to.include(m);
      const id = String(op['operationId']);
      expect(ids.has(id), `duplicate operationId ${id}`).to.equal(false);
      ids.add(id);
      expect(String(op['summary']), `${m} ${p}`).to.match(/^[\u4e00-\u9fff]/);
      expect(Object.keys(op['responses'] as Json), `${m} ${p}`).to.include('200');
    }
    expect(ids.size).to.be.greaterThan(20);
  });

  it('resolves every $ref inside the document', () => {
    expect(unresolvedRefs(doc)).to.deep.equal([]);
    expect(unresolvedRefs({ ...doc, x: { $ref: '#/components/schemas/Nope' } })).to.deep.equal(['#/components/schemas/Nope']);
  });

  it('documents every GET and POST route the app answers', () => {
    const routes = appRoutes(appWithEveryRoute());
    expect(routes).to.include.members(['GET /balance', 'POST /buy', 'GET /journal/{id}', 'POST /journal/{id}/settle', 'GET /docs', 'GET /openapi.json']);
    expect(missingRoutes(doc, routes), 'add these to src/http/openapi/route-table.ts').to.deep.equal([]);
  });

  it('documents MCP at /mcp, mounted as a plain handler the router walk cannot see', () => {
    expect(Object.keys((doc['paths'] as Json)[MCP_PATH] ?? {}), 'add /mcp to src/http/openapi/route-table.ts').to.include('post');
  });

  it('catches a route left out of the table', () => {
    const routes = appRoutes(appWithEveryRoute());
    const planted = buildOpenApi(ROUTE_TABLE.filter((r) => r.path !== '/balance'));
    const before = new Set(missingRoutes(doc, routes));
    expect(missingRoutes(planted, routes).filter((r) => !before.has(r))).to.deep.equal(['GET /balance', 'POST /balance']);
  });

  it('names every error code of the registry, and catches one left out', () => {
    expect(missingErrorCodes(doc), 'add these codes to a row of src/http/openapi/route-table.ts').to.deep.equal([]);
    const planted = buildOpenApi(ROUTE_TABLE.map((r) => ({ ...r, errors: r.errors.filter((c) => c !== 'market_rule') })));
    const before = new Set(missingErrorCodes(doc));
    expect(missingErrorCodes(planted).filter((c) => !before.has(c))).to.deep.equal(['market_rule']);
  });

  it('lists every registry code in the ErrorCode schema with its HTTP status', () => {
    const schema = ((doc['components'] as Json)['schemas'] as Record<string, Json>)['ErrorCode']!;
    expect(schema['enum']).to.deep.equal(Object.keys(ERRORS));
    const branches = schema['oneOf'] as Json[];
    for (const [code, spec] of Object.entries(ERRORS)) {
      expect(branches.find((b) => b['const'] === code), code).to.include({ 'x-http-status': spec.http });
    }
  });

  it('answers each error code of an operation under its HTTP status', () => {
    for (const [p, m, op] of operations(doc)) {
      const responses = op['responses'] as Record<string, Json>;
      for (const code of op['x-error-codes'] as ErrorCode[]) {
        const text = JSON.stringify(responses[String(ERRORS[code].http)]);
        expect(text, `${m} ${p}: ${code} under ${String(ERRORS[code].http)}`).to.contain(`"${code}"`);
      }
    }
  });

  it('documents exactly the parameter names each route\'s zod schema takes (plus the idempotency key)', () => {
    for (const r of ROUTE_TABLE.filter((e) => e.schema !== undefined)) {
       
      const expected = [...paramNames(r.schema!), ...(r.params.some((p) => p.name === IDEMPOTENCY_PARAM) ? [IDEMPOTENCY_PARAM] : [])];
      expect(r.params.filter((p) => p.in === 'query').map((p) => p.name).sort(), r.path).to.deep.equal(expected.sort());
    }
  });

  it('documents the parameter names of docs/parameters.md\'s route table for every route', () => {
    const md = readFileSync(path.join(ROOT, 'docs', 'parameters.md'), 'utf8');
    const block = /<!-- route-params:start -->([\s\S]*?)<!-- route-params:end -->/.exec(md)?.[1] ?? '';
    const rows = block.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.length).to.be.greaterThan(5);
    for (const row of rows) {
      const [routes = '', names = ''] = row.split('|').slice(1, 3);
      const want = [...names.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
      for (const route of [...routes.matchAll(/`([^`]+)`/g)].map((m) => m[1])) {
        const entry = ROUTE_TABLE.find((e) => e.path === route);
        expect(entry, route).to.not.equal(undefined);
        expect(entry?.params.filter((p) => p.in === 'query').map((p) => p.name).sort(), route).to.deep.equal(want);
      }
    }
  });

  it('shows only forms the route\'s own parser accepts as examples', () => {
    let checked = 0;
    for (const r of ROUTE_TABLE.filter((e) => e.schema !== undefined)) {
      for (const p of r.params.filter((q) => q.in === 'query')) {
         
        const field = fieldOf(r.schema!, p.name);
        if (!field) continue;
        for (const example of examplesOf(p.schema)) {
          expect(field.safeParse(example).success, `${r.path} ${p.name}=${JSON.stringify(example)}`).to.equal(true);
          expect(p.schema.safeParse(example).success, `${r.path} ${p.name}=${JSON.stringify(example)} vs its own schema`).to.equal(true);
          checked++;
        }
      }
    }
    expect(checked).to.be.greaterThan(15);
  });
});

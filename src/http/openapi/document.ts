// document.ts - builds the OpenAPI 3.1 document from the route table (route-table.ts) and the error registry: one
// operation per route and method, parameters from the table's zod input schemas, the envelope and error replies per
// HTTP status, every error code in the Error schema with its HTTP status.
import { z } from 'zod';
import { ERRORS, type ErrorCode } from '../../core/errors.ts';
import { APP_ERRORS, type ParamEntry, type ReplyEntry, type RouteEntry, type Text } from './route-entry.ts';
import { ROUTE_TABLE } from './route-table.ts';
import { ACCOUNT_PARAM, isAccountPath } from '../accounts.ts';
import { errorSchemas } from './error-schemas.ts';

type Json = Record<string, unknown>;

/** The version the document states for the API (the seed's routes and envelope). */
export const API_VERSION = '1.0.0';

const TAGS: Array<{ name: RouteEntry['tag']; description: string }> = [
  { name: 'account', description: '资金、持仓。Balance and positions.' },
  { name: 'orders', description: '委托、撤单、新股申购：会改变账户。Orders, cancels and IPO subscriptions: they change the account.' },
  { name: 'reports', description: '当日委托与成交。Today\'s orders and trades.' },
  { name: 'client', description: '客户端本身：刷新、模拟行情。The client itself: refresh, simulated quotes.' },
  { name: 'journal', description: '委托日志与手工对账。The order journal and manual settlement.' },
  { name: 'events', description: '推送：委托事件。Push: order events.' },
  { name: 'mcp', description: '给 AI 代理的 MCP 工具。MCP tools for AI agents.' },
  { name: 'meta', description: '状态、本文档、状态页。Health, this document, the status page.' },
];

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), without the `$schema` key. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12', override: (ctx) => {
    // z.int()'s implied safe-integer bounds say nothing a reader needs.
    const j = ctx.jsonSchema as Json;
    if (j['minimum'] === Number.MIN_SAFE_INTEGER) delete j['minimum'];
    if (j['maximum'] === Number.MAX_SAFE_INTEGER) delete j['maximum'];
  } }) as Json;
  delete out['$schema'];
  return out;
}

function both(t: Text): string {
  return `${t.zh}\n\n${t.en}`;
}

function paramObject(p: ParamEntry): Json {
  return { name: p.name, in: p.in, required: p.in === 'path' || p.required === true, description: both(p.text), schema: jsonSchema(p.schema, 'input') };
}

/** `account`, which every account route takes in the query string (or its body) besides its own parameters. */
const ACCOUNT_PARAM_OBJECT: Json = {
  name: ACCOUNT_PARAM, in: 'query', required: false,
  description: '账户号码或名称（GET /accounts 列出）；只有一个账户时可以不给，有多个时必须给（否则 400 account_required）。也可以放在请求体里。An account number or name (GET /accounts lists them): optional with one account, required with several (else 400 account_required). May be in the body too.',
  schema: { type: 'string' },
};

/** The body form of a route's parameters (POST): an object of the query-kind parameters. */
function bodySchema(params: readonly ParamEntry[]): Json {
  const props: Json = {};
  const required: string[] = [];
  for (const p of params) {
    props[p.name] = { ...jsonSchema(p.schema, 'input'), description: both(p.text) };
    if (p.required === true) required.push(p.name);
  }
  // No additionalProperties: false: the access token may come as a `token` field too (any other name is a 400).
  return { type: 'object', properties: props, ...(required.length > 0 ? { required } : {}) };
}

function okResponse(reply: ReplyEntry): Json {
  if (reply.kind === 'content') {
    return { description: both(reply.text), content: { [reply.contentType]: { schema: reply.schema ? jsonSchema(reply.schema, 'output') : {} } } };
  }
  const extra: Json = {};
  for (const [k, v] of Object.entries(reply.extra ?? {})) extra[k] = jsonSchema(v, 'output');
  const schema = {
    allOf: [{ $ref: '#/components/schemas/Envelope' }, { type: 'object', properties: { message: jsonSchema(reply.message, 'output'), ...extra } }],
  };
  const text = reply.text ?? { zh: '成功（status 1）；客户端的拒绝也是 HTTP 200、status -1，带 error', en: 'success (status 1); a client refusal is HTTP 200 too, with status -1 and `error`' };
  return { description: both(text), content: { 'application/json': { schema } } };
}

/** The error responses of an operation, one per HTTP status, each listing its codes. */
function errorResponses(codes: readonly ErrorCode[]): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of new Set(codes)) byStatus.set(ERRORS[c].http, [...(byStatus.get(ERRORS[c].http) ?? []), c]);
  const out: Record<string, Json> = {};
  for (const [http, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    const lines = list.map((c) => `- \`${c}\`: ${ERRORS[c].zh}（${ERRORS[c].en}）`).join('\n');
    const schema = { allOf: [{ $ref: '#/components/schemas/Error' }, { type: 'object', properties: { error: { type: 'string', enum: list } } }] };
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a group has at least one code
    const first = list[0]!;
    const example = { status: -1, message: `${ERRORS[first].zh}。(${ERRORS[first].en})`, error: first };
    out[http === 200 ? '200' : String(http)] = { description: `status -1，错误码 error codes:\n\n${lines}`, content: { 'application/json': { schema, example } } };
  }
  return out;
}

function operation(r: RouteEntry, method: 'get' | 'post'): Json {
  const pathParams = r.params.filter((p) => p.in === 'path').map(paramObject);
  const headers = r.params.filter((p) => p.in === 'header').map(paramObject);
  const query = r.params.filter((p) => p.in === 'query');
  const errors = errorResponses(r.errors);
  const ok = okResponse(r.reply);
  const clientRefusals = errors['200'];
  if (clientRefusals) {
    // HTTP 200 answers both success and the client's refusals: one response, either schema, the descriptions together.
    ok['description'] = `${String(ok['description'])}\n\n${String(clientRefusals['description'])}`;
    const okSchema = (ok['content'] as Record<string, { schema: Json }>)['application/json']?.schema;
    const refusal = (clientRefusals['content'] as Record<string, { schema: Json }>)['application/json']?.schema;
    if (okSchema && refusal) ok['content'] = { 'application/json': { schema: { anyOf: [okSchema, refusal] } } };
    delete errors['200'];
  }
  const op: Json = {
    operationId: `${method}${r.path.replace(/\{(\w+)\}/g, 'By$1').replace(/[^A-Za-z0-9]+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^\//, '')}`,
    tags: [r.tag],
    summary: `${r.summary.zh} · ${r.summary.en}`,
    description: [both(r.description), ...(r.when ? [`**条件 When**: ${r.when.zh}（${r.when.en}）`] : [])].join('\n\n'),
    parameters: [...pathParams, ...(method === 'get' ? query.map(paramObject) : []), ...(isAccountPath(r.path.replace(/\{(\w+)\}/g, ':$1')) ? [ACCOUNT_PARAM_OBJECT] : []), ...headers],
    responses: { '200': ok, ...errors },
    'x-error-codes': [...new Set(r.errors)],
  };
  if (method === 'post' && query.length > 0) {
    const schema = bodySchema(query);
    op['requestBody'] = {
      required: query.some((p) => p.required === true),
      description: '参数也可以放在查询字符串里；此外只接受访问令牌 token，其他参数名是 400 unknown_parameter。Parameters may be in the query string too; besides them only the access token `token` is taken, any other name is 400 unknown_parameter.',
      content: { 'application/json': { schema }, 'application/x-www-form-urlencoded': { schema } },
    };
  }
  return op;
}

/** The OpenAPI 3.1 document of `table` (the app's route table by default). */
export function buildOpenApi(table: readonly RouteEntry[] = ROUTE_TABLE): Json {
  const paths: Record<string, Json> = {};
  for (const r of table) {
    const item: Json = paths[r.path] ?? {};
    for (const m of r.methods) item[m] = operation(r, m);
    paths[r.path] = item;
  }
  const used = new Set(table.map((r) => r.tag));
  return {
    openapi: '3.1.0',
    info: {
      title: 'ths-http-trader 同花顺下单接口',
      version: API_VERSION,
      description: [
        '本机的同花顺交易客户端 HTTP 下单接口。所有接口接受 GET 和 POST；参数可以在查询字符串、表单或 JSON 里。应答是 `{"status": 1|-1, "message": ...}`，失败时带英文错误码 `error`。',
        '浏览器里的 “Try it out” 调用会改变账户的接口（/buy、/sell、/cancel……）时会被拒绝（403 browser_request），除非在 Authorize 里填了访问令牌。',
        'A local HTTP order gateway for the THS trading client. Every route takes GET and POST, parameters in the query string, a form or JSON; the answer is `{"status": 1|-1, "message": ...}` with an English `error` code on failure. From a browser, "Try it out" on a route that changes the account is refused (403 browser_request) unless the access token is set under Authorize.',
        `不属于任何接口的路径回答 ${APP_ERRORS.map((c) => `\`${c}\``).join('、')}（404）。A path that is no route answers 404 not_found.`,
      ].join('\n\n'),
    },
    servers: [{ url: '/', description: '本服务 this server' }],
    tags: TAGS.filter((t) => used.has(t.name)),
    security: [{}, { bearerAuth: [] }, { thsToken: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: '访问令牌（--token 设置时必需）。The access token (required when --token is set).' },
        thsToken: { type: 'apiKey', in: 'header', name: 'X-Ths-Token', description: '同一个访问令牌，放在 X-Ths-Token 请求头。The same token in the X-Ths-Token header.' },
      },
      schemas: errorSchemas(),
    },
    'x-app-errors': [...APP_ERRORS],
  };
}

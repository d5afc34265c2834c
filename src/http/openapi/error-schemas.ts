// error-schemas.ts - the shared component schemas of the OpenAPI document: the {status, message} envelope, the error
// reply, and every code of the error registry (src/core/errors.ts) with its HTTP status and both texts.
import { ERRORS, type ErrorCode } from '../../core/errors.ts';

/** components.schemas: Envelope, Error and ErrorCode (one `oneOf` branch per registry code). */
export function errorSchemas(): Record<string, Record<string, unknown>> {
  const codes = Object.keys(ERRORS) as ErrorCode[];
  return {
    Envelope: {
      type: 'object',
      description: '每个应答的外层：status 1 成功、-1 失败，message 是内容或原因，其后是各接口自己的字段。Every answer: status 1 or -1, message, then the route\'s own fields.',
      required: ['status', 'message'],
      properties: { status: { type: 'integer', enum: [1, -1] }, message: {} },
    },
    Error: {
      type: 'object',
      description: '失败的应答：message 是中文说明（括号里有英文），error 是英文错误码，field 是出错的参数。A failure: a Chinese message (English in brackets), the English code in `error`, the offending parameter in `field`.',
      required: ['status', 'message', 'error'],
      properties: {
        status: { type: 'integer', const: -1 },
        message: { description: '中文在前的说明；有些接口（/ipo/subscribe）是逐项结果。Chinese first; some routes (/ipo/subscribe) give per-item results.' },
        error: { $ref: '#/components/schemas/ErrorCode' },
        field: { type: 'string', description: '出错的参数名。the parameter at fault' },
        did_you_mean: { type: 'string', description: 'unknown_parameter：最接近的参数名。the nearest known name' },
        limit: { type: 'string', description: '风控：触发的限制。risk: the limit hit' },
        limit_value: { description: '风控：限制的值。risk: its value' },
        retry_after: { type: 'integer', description: 'risk_rate_limited：几秒后再试（也在 Retry-After 头）。seconds until a retry' },
      },
    },
    ErrorCode: {
      type: 'string',
      description: '错误码（src/core/errors.ts），每个都有固定的 HTTP 状态。The error codes, each with a fixed HTTP status (docs/errors.md).',
      enum: codes,
      oneOf: codes.map((c) => ({ const: c, title: `${c} (HTTP ${String(ERRORS[c].http)})`, description: `${ERRORS[c].zh}。${ERRORS[c].en}.`, 'x-http-status': ERRORS[c].http })),
      'x-http-status': Object.fromEntries(codes.map((c) => [c, ERRORS[c].http])),
    },
  };
}

// encoding.ts - refuses what the parsers would silently mangle: bad percent-encoding, invalid UTF-8, charsets other
// than UTF-8, raw non-ASCII in the URL, and a JSON key given twice. Each refusal names the parameter where it can.
import type { NextFunction, Request, Response } from 'express';
import { GatewayError } from '../../core/errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Raw JSON bodies by request, kept by `verifyJson` for the duplicate-key check. */
const rawJson = new WeakMap<Request, Buffer>();

function encodingError(what: string, field?: string): GatewayError {
  const where = field === undefined ? '' : `参数 ${field}：`;
  return new GatewayError('invalid_encoding', `${where}${what}：参数应为 UTF-8，并按 URL 规则百分号编码（如 %E4%B9%B0）。(${field === undefined ? '' : `parameter ${field}: `}bad encoding; send UTF-8, percent-encoded)`, field === undefined ? {} : { field });
}

/** Decodes one `name` or `value` of an urlencoded pair; throws invalid_encoding for bad % escapes or bytes. */
function decodePart(part: string, field: string | undefined, where: 'url' | 'body'): string {
  // In a URL only printable ASCII may appear raw; a body may also carry raw UTF-8 text and line breaks.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const raw = where === 'url' ? /[^\x21-\x7e]/ : /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
  if (raw.test(part)) throw encodingError(where === 'url' ? '含有未编码的空白、控制字符或非 ASCII 字符' : '含有控制字符', field);
  if (/%(?![0-9a-fA-F]{2})/.test(part)) throw encodingError('百分号编码不完整（% 后应跟两位十六进制数）', field);
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw encodingError('百分号编码解码后不是合法的 UTF-8', field);
  }
}

/** Checks every pair of an urlencoded string (query string or form body); throws naming the first bad parameter. */
export function checkUrlEncoded(text: string, where: 'url' | 'body'): void {
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodePart(eq < 0 ? pair : pair.slice(0, eq), undefined, where);
    if (eq >= 0) decodePart(pair.slice(eq + 1), name.slice(0, 40), where);
  }
}

/** Express middleware: the query string must be well-formed before anyone reads `req.query`. */
export function checkQueryEncoding(req: Request, _res: Response, next: NextFunction): void {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  if (/[^\x21-\x7e]/.test(q < 0 ? url : url.slice(0, q))) throw encodingError('URL 路径含有未编码的字符');
  if (q >= 0) checkUrlEncoded(url.slice(q + 1), 'url');
  next();
}

function checkCharset(charset: string | undefined): void {
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new GatewayError('invalid_encoding', `不支持的字符集 ${JSON.stringify(charset.slice(0, 40))}：请使用 UTF-8。(unsupported charset; use UTF-8)`);
  }
}

function checkUtf8(buf: Buffer): void {
  try {
    utf8.decode(buf);
  } catch {
    throw encodingError('请求体不是合法的 UTF-8');
  }
}

/** body-parser `verify` for forms: UTF-8 only, valid bytes, valid percent-encoding in every pair. */
export function verifyForm(_req: Request, _res: Response, buf: Buffer, charset: string | undefined): void {
  checkCharset(charset?.toLowerCase());
  checkUtf8(buf);
  checkUrlEncoded(buf.toString('utf8'), 'body');
}

/** body-parser `verify` for JSON: UTF-8 only and valid bytes; keeps the raw text for `checkJsonKeys`. */
export function verifyJson(req: Request, _res: Response, buf: Buffer, charset: string | undefined): void {
  checkCharset(charset?.toLowerCase());
  checkUtf8(buf);
  rawJson.set(req, buf);
}

/** The first key (not in `ignore`) that appears twice at the top level of a JSON object text, or undefined. The
 * text must be valid JSON. */
export function duplicateJsonKey(text: string, ignore: readonly string[] = []): string | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\r\n\uFEFF'.includes(text.charAt(i))) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  ws();
  if (text[i] !== '{') return undefined;
  i++;
  const seen = new Set<string>();
  for (;;) {
    ws();
    if (text[i] !== '"') return undefined;
    const key = str();
    if (seen.has(key) && !ignore.includes(key)) return key;
    seen.add(key);
    ws();
    i++; // ':'
    // Skip the value: count brackets outside strings (iterative, so deep nesting cannot overflow the stack).
    let depth = 0;
    for (;;) {
      ws();
      const c = text[i];
      if (c === undefined) return undefined;
      if (c === '"') str();
      else if (c === '{' || c === '[') { depth++; i++; }
      else if (c === '}' || c === ']') {
        if (depth === 0) return undefined; // end of the top-level object
        depth--;
        i++;
      } else if (c === ',' && depth === 0) break;
      else i++;
    }
    i++; // ','
  }
}

/** Express middleware after the JSON parser: a key given twice is a duplicate_parameter naming it. */
export function checkJsonKeys(req: Request, _res: Response, next: NextFunction): void {
  const buf = rawJson.get(req);
  if (buf !== undefined) {
    rawJson.delete(req);
    const key = duplicateJsonKey(buf.toString('utf8'), ['']); // an empty name names nothing: params.ts ignores it
    if (key !== undefined) {
      throw new GatewayError('duplicate_parameter', `参数 ${key.slice(0, 40)} 在 JSON 请求体中出现了两次：每个参数只能给一次。(parameter ${key.slice(0, 40)} was given twice)`, { field: key.slice(0, 40) });
    }
  }
  next();
}

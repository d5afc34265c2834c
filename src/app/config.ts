// config.ts - reads the options of options.ts from flags and THS_* environment variables, validated at boot with
// messages that say what to fix. Flags win over variables, which win over defaults.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { z } from 'zod';
import { LOOPBACK_HOSTS, isLoopback, normalizeHostName, normalizeOrigin } from '../http/middleware/guard.ts';
import { MIN_TOKEN_LENGTH } from '../http/middleware/token.ts';
import { loadRiskConfig, type RiskLimits } from '../risk/config.ts';
import { parseWebhookUrl } from '../events/webhooks.ts';
import { MAX_EVENTS_INTERVAL_MS, MIN_EVENTS_INTERVAL_MS } from '../trading/order-watch.ts';
import { OPTIONS, usage, type OptionKey, type OptionSpec } from './options.ts';

export const USAGE = usage();

/** Each option's validation: the message names what is expected. */
const ConfigSchema = z.object({
  host: z.string().min(1, 'host must not be empty'),
  port: z.coerce.number({ error: 'port must be a number' }).int('port must be an integer').min(0).max(65535, 'port must be 0-65535'),
  easytraderPort: z.coerce.number({ error: 'easytrader port must be a number' }).int('easytrader port must be an integer').min(0).max(65535, 'easytrader port must be 0-65535').optional(),
  backend: z.enum(OPTIONS.backend.values, { error: 'backend must be win32 or sim' }),
  simStates: z.array(z.string().min(1, 'sim-state must not be empty')),
  clients: z.array(z.string().regex(/^[\w.-]{1,40}=.+\.exe$/i, 'client must be ACCOUNT=EXE: an account name of 1-40 letters, digits, _ . -, then the full path of a xiadan.exe')),
  discover: z.boolean({ error: 'discover must be 1/true/yes or 0/false/no' }),
  powershell: z.string().min(1).optional(),
  dataDir: z.string().min(1),
  logLevel: z.enum(OPTIONS.logLevel.values, { error: 'log level must be one of fatal, error, warn, info, debug, trace, silent' }),
  logFile: z.string().min(1).optional(),
  token: z.string().min(MIN_TOKEN_LENGTH, `token must be at least ${MIN_TOKEN_LENGTH} characters`).regex(/^[\x21-\x7e]+$/, 'token must be printable ASCII without spaces').optional(),
  tokenFile: z.string().min(1).optional(),
  tokenInQuery: z.boolean({ error: 'token-in-query must be 1/true/yes or 0/false/no' }),
  allowHosts: z.array(z.string()),
  allowOrigins: z.array(z.string()),
  riskConfig: z.string().min(1).optional(),
  dryRun: z.boolean({ error: 'dry run must be 1/true/yes or 0/false/no' }),
  mcpStdio: z.boolean(),
  mcpTrading: z.boolean({ error: 'mcp-trading must be 1/true/yes or 0/false/no' }),
  unsettledGuard: z.boolean({ error: 'unsettled guard must be on or off' }),
  duplicateWindow: z.coerce.number({ error: 'duplicate window must be a number of seconds' }).min(0, 'duplicate window must be 0 or more seconds').max(3600, 'duplicate window must be at most 3600 seconds'),
  keepaliveMinutes: z.coerce.number({ error: 'keep-alive minutes must be a number' }).min(0, 'keep-alive minutes must be 0 (off) or more').max(1440, 'keep-alive minutes must be at most 1440'),
  eventsInterval: z.coerce.number({ error: 'events interval must be a number of milliseconds' }).int('events interval must be a whole number of milliseconds')
    .refine((v) => v === 0 || (v >= MIN_EVENTS_INTERVAL_MS && v <= MAX_EVENTS_INTERVAL_MS), `events interval must be 0 (off) or ${String(MIN_EVENTS_INTERVAL_MS)}-${String(MAX_EVENTS_INTERVAL_MS)} ms`),
  webhooks: z.array(z.string()),
  resultDisplay: z.enum(OPTIONS.resultDisplay.values, { error: 'result display must be popup or toast' }),
  standby: z.boolean({ error: 'standby must be on or off' }),
  profilePort: z.boolean({ error: 'profile-port must be 1/true/yes or 0/false/no' }),
  exportDir: z.string().min(1).optional(),
  testPauseAt: z.enum(OPTIONS.testPauseAt.values, { error: 'test-pause-at must be submitting, submitted or answered' }).optional(),
  testJournalMaxPages: z.coerce.number({ error: 'test-journal-max-pages must be a number' }).int().positive().optional(),
  testAbsentAfterMs: z.coerce.number({ error: 'test-absent-after-ms must be a number' }).int().min(1000, 'test-absent-after-ms must be at least 1000').optional(),
  help: z.boolean(),
} satisfies Record<OptionKey, z.ZodType>);
/** The config: the options, the risk limits read from --risk-config, and `simState`, the first of `simStates` (the one
 * account of a single-account server; `<data-dir>/sim-state.json` when none is given). */
export type Config = Omit<z.infer<typeof ConfigSchema>, 'tokenFile'> & { risk?: RiskLimits | undefined; simState: string };

/** A yes/no text: 1/true/yes/on or 0/false/no/off (any case); anything else is left for the schema to refuse. */
function yesNo(v: string | undefined): unknown {
  if (v === undefined) return false;
  const t = v.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(t)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(t)) return false;
  return v;
}

/** Normalises a list of host names or origins, collecting an error line per bad entry. */
function normalizeAll(list: unknown, flag: string, normalize: (v: string) => string | { error: string }, errors: string[]): string[] {
  const out: string[] = [];
  for (const v of list as string[]) {
    const r = normalize(v);
    if (typeof r === 'string') out.push(r);
    else errors.push(`  --${flag}: ${r.error}`);
  }
  return out;
}

export class ConfigError extends Error {}

/** The parseArgs options of the table. */
function argSpec(): ParseArgsOptionsConfig {
  const out: ParseArgsOptionsConfig = {};
  for (const spec of Object.values(OPTIONS) as OptionSpec[]) {
    out[spec.flag] = { type: spec.type === 'switch' ? 'boolean' : 'string', ...(spec.type === 'list' ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) };
  }
  return out;
}

/** One option's raw value: the flag, else its variable, else its default (computed from the options chosen so far). */
function rawValue(spec: OptionSpec, flags: Record<string, unknown>, env: NodeJS.ProcessEnv, chosen: Record<string, unknown>, platform: NodeJS.Platform): unknown {
  const flag = flags[spec.flag];
  const envText = spec.env ? env[spec.env] : undefined;
  const fromEnv = envText === '' ? undefined : envText; // an empty variable counts as unset
  switch (spec.type) {
    case 'switch':
      return flag === true ? true : yesNo(fromEnv);
    case 'on-off':
      return yesNo((flag as string | undefined) ?? fromEnv ?? spec.defaultValue?.(chosen, env, platform));
    case 'list':
      return flag ?? (fromEnv ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    default: {
      const v = (flag as string | undefined) ?? fromEnv ?? spec.defaultValue?.(chosen, env, platform);
      return spec.anyCase && typeof v === 'string' ? v.toLowerCase() : v;
    }
  }
}

/** Flags win over THS_* variables, which win over defaults. Throws ConfigError with every problem listed. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Config {
  let flags: Record<string, unknown>;
  try {
    flags = parseArgs({ args: argv, strict: true, allowPositionals: false, options: argSpec() }).values;
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const raw: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(OPTIONS) as Array<[OptionKey, OptionSpec]>) raw[key] = rawValue(spec, flags, env, raw, platform);
  const problems: string[] = [];
  if (raw['token'] !== undefined && raw['tokenFile'] !== undefined) problems.push('  --token-file: give either --token or --token-file, not both');
  else if (typeof raw['tokenFile'] === 'string') {
    try {
      raw['token'] = readFileSync(raw['tokenFile'], 'utf8').replace(/^\uFEFF/, '').trim();
    } catch (err) {
      problems.push(`  --token-file: cannot read ${raw['tokenFile']}: ${(err as Error).message}`);
    }
  }
  raw['allowHosts'] = normalizeAll(raw['allowHosts'], 'allow-host', normalizeHostName, problems);
  raw['allowOrigins'] = normalizeAll(raw['allowOrigins'], 'allow-origin', normalizeOrigin, problems);
  raw['webhooks'] = normalizeAll(raw['webhooks'], 'webhook', parseWebhookUrl, problems);
  const r = ConfigSchema.safeParse(raw);
  if (!r.success) {
    problems.push(...r.error.issues.map((i) => `  --${(OPTIONS as Record<string, OptionSpec>)[String(i.path[0])]?.flag ?? String(i.path[0])}: ${i.message}`));
  }
  if (r.success && !isLoopback(r.data.host) && r.data.token === undefined) {
    problems.push(`  --host: ${r.data.host} 不是本机回环地址，局域网里的任何程序都能连上来下单：必须同时设置访问令牌（--token-file FILE 或 THS_TOKEN）。(listening beyond loopback requires a token)`);
  }
  if (r.success && r.data.easytraderPort !== undefined && r.data.easytraderPort !== 0 && r.data.easytraderPort === r.data.port) {
    problems.push(`  --easytrader-port: ${r.data.easytraderPort} 与 --port 相同：easytrader 协议需要自己的端口（通常 1430）。(the easytrader port must differ from --port)`);
  }
  if (r.success) {
    const seen = new Set<string>();
    for (const file of r.data.simStates) {
      const key = path.resolve(file);
      if (seen.has(key)) problems.push(`  --sim-state: ${file} 给了两次：每个文件是一个模拟客户端（一个账户），不能重复。(the same state file twice)`);
      seen.add(key);
    }
  }
  if (r.success && r.data.clients.length > 0 && r.data.backend !== 'win32') {
    problems.push(`  --client: 只用于 --backend win32（一台电脑上的多个真实客户端）；模拟客户端的账户用 --sim-state 给出。(--client is for the win32 backend; simulated accounts come from --sim-state)`);
  }
  if (r.success && r.data.discover && r.data.backend !== 'win32') {
    problems.push(`  --discover: 只用于 --backend win32（发现桌面上的真实交易窗口）；模拟客户端的账户用 --sim-state 给出。(--discover is for the win32 backend)`);
  }
  if (r.success && r.data.discover && r.data.clients.length > 0) {
    problems.push(`  --discover: 不能和 --client 一起用：--discover 驱动每个交易窗口并按股东帐户识别账户，--client 按程序路径指定账户，二选一。(--discover and --client exclude each other)`);
  }
  if (r.success) {
    const seen = new Set<string>();
    for (const c of r.data.clients) {
      const [name, exe] = splitClient(c);
      for (const key of [`name:${name.toLowerCase()}`, `exe:${exe.replace(/\//g, '\\').toLowerCase()}`]) {
        if (seen.has(key)) problems.push(`  --client: ${c} 与前面的 --client 重复了${key.startsWith('name:') ? '账户名' : '程序路径'}：每个客户端一个账户名、一个 xiadan.exe，不分大小写。(each client needs its own account name and exe path)`);
        seen.add(key);
      }
    }
  }
  let risk: RiskLimits | undefined;
  if (r.success && r.data.riskConfig !== undefined) {
    try {
      risk = loadRiskConfig(r.data.riskConfig);
    } catch (err) {
      problems.push(`  --risk-config: ${(err as Error).message.replace(/\n/g, '\n  ')}`);
    }
  }
  if (problems.length > 0 || !r.success) {
    throw new ConfigError(`配置有误 / invalid configuration:\n${problems.join('\n')}\n\n${USAGE}`);
  }
  const { tokenFile: _tokenFile, ...parsed } = r.data;
  const simStates = parsed.simStates.length > 0 ? parsed.simStates : [path.join(parsed.dataDir, 'sim-state.json')];
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- at least the default above
  const config = { ...parsed, simStates, simState: simStates[0]! };
  // A specific listen address (not 0.0.0.0 / ::) is a Host name its clients use, and an IP cannot be rebound.
  const listen = config.host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (net.isIP(listen) && listen !== '0.0.0.0' && listen !== '::' && !LOOPBACK_HOSTS.includes(listen) && !config.allowHosts.includes(listen)) config.allowHosts.push(listen);
  return { ...config, risk };
}

/** `ACCOUNT=EXE` of --client as [account, exe] (the exe path may hold `=`). */
export function splitClient(value: string): [string, string] {
  const at = value.indexOf('=');
  return [value.slice(0, at), value.slice(at + 1)];
}

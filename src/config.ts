// config.ts - command-line flags and THS_* environment variables, validated at boot with messages that say what to fix.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { LOOPBACK_HOSTS, isLoopback, normalizeHostName, normalizeOrigin } from './http/guard.ts';
import { MIN_TOKEN_LENGTH } from './http/token.ts';
import { loadRiskConfig, type RiskLimits } from './risk/config.ts';
import { DEFAULT_KEEPALIVE_MINUTES } from './bridge/keepalive.ts';

export const USAGE = `用法 / usage: ths-http-trader [options]   (npm start -- [options])
  --host HOST           listen address (THS_HOST, default 127.0.0.1)
  --port PORT           listen port (THS_PORT, default 8888)
  --backend win32|sim   the real client via user32, or the simulated client (THS_BACKEND; default win32 on Windows, sim elsewhere)
  --sim-state FILE      simulated account state (THS_SIM_STATE, default <data-dir>/sim-state.json; created from the sample)
  --powershell PATH     PowerShell to run the worker (THS_POWERSHELL; default pwsh on PATH, .tools/pwsh, Windows PowerShell)
  --data-dir DIR        where state and logs live (THS_DATA_DIR, default the per-user application data folder)
  --log-level LEVEL     fatal|error|warn|info|debug|trace|silent (THS_LOG_LEVEL, default info)
  --log-file FILE       also write JSON logs to FILE (THS_LOG_FILE)
  --token TOKEN         require this access token on every request (THS_TOKEN; at least 16 characters)
  --token-file FILE     read the token from FILE instead (THS_TOKEN_FILE; keeps it out of the process list)
  --allow-host NAME     also accept this Host name, any port; repeatable (THS_ALLOW_HOSTS, comma-separated)
  --allow-origin ORIGIN let web pages from this origin call, with CORS headers; repeatable (THS_ALLOW_ORIGINS)
  --risk-config FILE    risk limits, JSON (THS_RISK_CONFIG); see the README
  --dry-run             validate, check and answer orders without sending them to the client (THS_DRY_RUN=1)
  --unsettled-guard on|off  refuse a new order on a code and side whose earlier order has an unknown outcome until it
                        is reconciled (THS_UNSETTLED_GUARD, default on)
  --keepalive-minutes N refresh the client after N idle minutes, fractions allowed; 0 = off (THS_KEEPALIVE_MINUTES, default 10)
  -h, --help            this text`;

/** The per-user application data folder of this OS. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.join(env['LOCALAPPDATA'] ?? path.join(os.homedir(), 'AppData', 'Local'), 'ths-http-trader');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'ths-http-trader');
  return path.join(env['XDG_DATA_HOME'] ?? path.join(os.homedir(), '.local', 'share'), 'ths-http-trader');
}

const ConfigSchema = z.object({
  host: z.string().min(1, 'host must not be empty'),
  port: z.coerce.number({ error: 'port must be a number' }).int('port must be an integer').min(0).max(65535, 'port must be 0-65535'),
  backend: z.enum(['win32', 'sim'], { error: 'backend must be win32 or sim' }),
  simState: z.string().min(1),
  powershell: z.string().min(1).optional(),
  dataDir: z.string().min(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'log level must be one of fatal, error, warn, info, debug, trace, silent' }),
  logFile: z.string().min(1).optional(),
  token: z.string().min(MIN_TOKEN_LENGTH, `token must be at least ${MIN_TOKEN_LENGTH} characters`).regex(/^[\x21-\x7e]+$/, 'token must be printable ASCII without spaces').optional(),
  allowHosts: z.array(z.string()),
  allowOrigins: z.array(z.string()),
  riskConfig: z.string().min(1).optional(),
  dryRun: z.boolean({ error: 'dry run must be 1/true/yes or 0/false/no' }),
  unsettledGuard: z.boolean({ error: 'unsettled guard must be on or off' }),
  keepaliveMinutes: z.coerce.number({ error: 'keep-alive minutes must be a number' }).min(0, 'keep-alive minutes must be 0 (off) or more').max(1440, 'keep-alive minutes must be at most 1440'),
  help: z.boolean(),
});
export type Config = z.infer<typeof ConfigSchema> & { risk?: RiskLimits | undefined };

/** A yes/no variable: 1/true/yes/on or 0/false/no/off (any case); anything else is left for the schema to refuse. */
function yesNo(v: string | boolean | undefined): unknown {
  if (typeof v === 'boolean' || v === undefined) return v ?? false;
  const t = v.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(t)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(t)) return false;
  return v;
}

/** Normalises a list of host names or origins, collecting an error line per bad entry. */
function normalizeAll(list: string[], flag: string, normalize: (v: string) => string | { error: string }, errors: string[]): string[] {
  const out: string[] = [];
  for (const v of list) {
    const r = normalize(v);
    if (typeof r === 'string') out.push(r);
    else errors.push(`  --${flag}: ${r.error}`);
  }
  return out;
}

export class ConfigError extends Error {}

/** Flags win over THS_* variables, which win over defaults. Throws ConfigError with every problem listed. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): Config {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' }, port: { type: 'string' }, backend: { type: 'string' }, 'sim-state': { type: 'string' },
        powershell: { type: 'string' }, 'data-dir': { type: 'string' }, 'log-level': { type: 'string' }, 'log-file': { type: 'string' },
        token: { type: 'string' }, 'token-file': { type: 'string' }, 'allow-host': { type: 'string', multiple: true },
        'allow-origin': { type: 'string', multiple: true }, 'risk-config': { type: 'string' }, 'dry-run': { type: 'boolean' }, 'unsettled-guard': { type: 'string' },
        'keepalive-minutes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const pick = (flag: string, name: string): string | undefined => (values[flag] as string | undefined) ?? (env[name] || undefined);
  const list = (flag: string, name: string): string[] => (values[flag] as string[] | undefined) ?? (env[name] ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const dataDir = pick('data-dir', 'THS_DATA_DIR') ?? defaultDataDir(env);
  const problems: string[] = [];
  let token = pick('token', 'THS_TOKEN');
  const tokenFile = pick('token-file', 'THS_TOKEN_FILE');
  if (token !== undefined && tokenFile !== undefined) problems.push('  --token-file: give either --token or --token-file, not both');
  else if (tokenFile !== undefined) {
    try {
      token = readFileSync(tokenFile, 'utf8').replace(/^\uFEFF/, '').trim();
    } catch (err) {
      problems.push(`  --token-file: cannot read ${tokenFile}: ${(err as Error).message}`);
    }
  }
  const raw = {
    host: pick('host', 'THS_HOST') ?? '127.0.0.1',
    port: pick('port', 'THS_PORT') ?? '8888',
    backend: (pick('backend', 'THS_BACKEND') ?? (process.platform === 'win32' ? 'win32' : 'sim')).toLowerCase(),
    simState: pick('sim-state', 'THS_SIM_STATE') ?? path.join(dataDir, 'sim-state.json'),
    powershell: pick('powershell', 'THS_POWERSHELL'),
    dataDir,
    logLevel: pick('log-level', 'THS_LOG_LEVEL') ?? 'info',
    logFile: pick('log-file', 'THS_LOG_FILE'),
    token,
    allowHosts: normalizeAll(list('allow-host', 'THS_ALLOW_HOSTS'), 'allow-host', normalizeHostName, problems),
    allowOrigins: normalizeAll(list('allow-origin', 'THS_ALLOW_ORIGINS'), 'allow-origin', normalizeOrigin, problems),
    riskConfig: pick('risk-config', 'THS_RISK_CONFIG'),
    dryRun: yesNo(values['dry-run'] === true ? true : pick('dry-run', 'THS_DRY_RUN')),
    unsettledGuard: yesNo(pick('unsettled-guard', 'THS_UNSETTLED_GUARD') ?? 'on'),
    keepaliveMinutes: pick('keepalive-minutes', 'THS_KEEPALIVE_MINUTES') ?? String(DEFAULT_KEEPALIVE_MINUTES),
    help: values['help'] === true,
  };
  const r = ConfigSchema.safeParse(raw);
  if (!r.success) {
    problems.push(...r.error.issues.map((i) => `  --${String(i.path[0]).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}: ${i.message}`));
  }
  if (r.success && !isLoopback(r.data.host) && r.data.token === undefined) {
    problems.push(`  --host: ${r.data.host} 不是本机回环地址，局域网里的任何程序都能连上来下单：必须同时设置访问令牌（--token-file FILE 或 THS_TOKEN）。(listening beyond loopback requires a token)`);
  }
  let risk;
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
  // A specific listen address (not 0.0.0.0 / ::) is a Host name its clients use, and an IP cannot be rebound.
  const listen = r.data.host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (net.isIP(listen) && listen !== '0.0.0.0' && listen !== '::' && !LOOPBACK_HOSTS.includes(listen) && !r.data.allowHosts.includes(listen)) r.data.allowHosts.push(listen);
  return { ...r.data, risk };
}

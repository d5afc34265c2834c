// config.ts - command-line flags and THS_* environment variables, validated at boot with messages that say what to fix.
import { parseArgs } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const USAGE = `用法 / usage: ths-http-trader [options]   (npm start -- [options])
  --host HOST           listen address (THS_HOST, default 127.0.0.1)
  --port PORT           listen port (THS_PORT, default 8888)
  --backend win32|sim   the real client via user32, or the simulated client (THS_BACKEND; default win32 on Windows, sim elsewhere)
  --sim-state FILE      simulated account state (THS_SIM_STATE, default <data-dir>/sim-state.json; created from the sample)
  --powershell PATH     PowerShell to run the worker (THS_POWERSHELL; default pwsh on PATH, .tools/pwsh, Windows PowerShell)
  --data-dir DIR        where state and logs live (THS_DATA_DIR, default the per-user application data folder)
  --log-level LEVEL     fatal|error|warn|info|debug|trace|silent (THS_LOG_LEVEL, default info)
  --log-file FILE       also write JSON logs to FILE (THS_LOG_FILE)
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
  help: z.boolean(),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Flags win over THS_* variables, which win over defaults. Throws ConfigError with every problem listed. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): Config {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' }, port: { type: 'string' }, backend: { type: 'string' }, 'sim-state': { type: 'string' },
        powershell: { type: 'string' }, 'data-dir': { type: 'string' }, 'log-level': { type: 'string' }, 'log-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const pick = (flag: string, name: string): string | undefined => (values[flag] as string | undefined) ?? (env[name] || undefined);
  const dataDir = pick('data-dir', 'THS_DATA_DIR') ?? defaultDataDir(env);
  const raw = {
    host: pick('host', 'THS_HOST') ?? '127.0.0.1',
    port: pick('port', 'THS_PORT') ?? '8888',
    backend: (pick('backend', 'THS_BACKEND') ?? (process.platform === 'win32' ? 'win32' : 'sim')).toLowerCase(),
    simState: pick('sim-state', 'THS_SIM_STATE') ?? path.join(dataDir, 'sim-state.json'),
    powershell: pick('powershell', 'THS_POWERSHELL'),
    dataDir,
    logLevel: pick('log-level', 'THS_LOG_LEVEL') ?? 'info',
    logFile: pick('log-file', 'THS_LOG_FILE'),
    help: values['help'] === true,
  };
  const r = ConfigSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  --${String(i.path[0]).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}: ${i.message}`);
    throw new ConfigError(`配置有误 / invalid configuration:\n${lines.join('\n')}\n\n${USAGE}`);
  }
  return r.data;
}

// serve-args.ts - what the bundle's `serve` adds to the server's arguments: a log file in the data folder
// (<data-dir>/logs/ths-http-trader.log) unless --log-file or THS_LOG_FILE names one. Pure: the tests call it.
import path from 'node:path';
import { loadConfig } from '../../src/app/config.ts';

/** The bundle's log file, relative to the data folder. */
export const BUNDLE_LOG_FILE = 'logs/ths-http-trader.log';

/** The server's argv for `serve <args>` from the bundle: `args`, plus --log-file <data-dir>/logs/... when none is set. */
export function serveArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] {
  let config;
  try {
    config = loadConfig([...args], env, platform);
  } catch {
    return [...args]; // the server itself reports the bad option, word for word
  }
  if (config.help || config.logFile !== undefined) return [...args];
  const p = platform === 'win32' ? path.win32 : path.posix;
  return [...args, '--log-file', p.join(config.dataDir, BUNDLE_LOG_FILE)];
}

// logger.ts - the one root logger: pretty on a terminal, JSON lines otherwise, and a JSON file when asked.
import pino, { type Logger } from 'pino';

/** Creates the root logger; parts take `logger.child({ component })`. Tokens are redacted wherever they appear. */
export function createLogger(opts: { level: string; file?: string | undefined; pretty?: boolean }): Logger {
  const pretty = opts.pretty ?? process.stdout.isTTY; // undefined (falsy) when stdout is not a terminal
  const targets: pino.TransportTargetOptions[] = [
    pretty
      ? { target: 'pino-pretty', level: opts.level, options: { destination: 1, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } }
      : { target: 'pino/file', level: opts.level, options: { destination: 1 } },
  ];
  if (opts.file) targets.push({ target: 'pino/file', level: opts.level, options: { destination: opts.file, mkdir: true } });
  return pino({
    level: opts.level,
    redact: { paths: ['token', '*.token', 'headers.authorization', 'headers["x-ths-token"]'], censor: '[redacted]' },
    transport: { targets },
  });
}

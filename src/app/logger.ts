// logger.ts - the one root logger: pretty on a terminal, JSON lines otherwise, and a JSON file when asked.
import pino, { type Logger } from 'pino';

/**
 * Creates the root logger; parts take `logger.child({ component })`. Tokens are redacted wherever they appear.
 * `stderr`: log to stderr instead of stdout (MCP over stdio: stdout carries only the protocol).
 */
export function createLogger(opts: { level: string; file?: string | undefined; pretty?: boolean; stderr?: boolean }): Logger {
  const fd = opts.stderr === true ? 2 : 1;
  const pretty = opts.pretty ?? (fd === 2 ? process.stderr : process.stdout).isTTY; // undefined (falsy) when not a terminal
  const targets: pino.TransportTargetOptions[] = [
    pretty
      ? { target: 'pino-pretty', level: opts.level, options: { destination: fd, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } }
      : { target: 'pino/file', level: opts.level, options: { destination: fd } },
  ];
  if (opts.file) targets.push({ target: 'pino/file', level: opts.level, options: { destination: opts.file, mkdir: true } });
  return pino({
    level: opts.level,
    redact: { paths: ['token', '*.token', 'headers.authorization', 'headers["x-ths-token"]'], censor: '[redacted]' },
    transport: { targets },
  });
}

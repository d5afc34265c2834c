#!/usr/bin/env node
// main.ts - the ths-http-trader command: parse config, start the server, stop gracefully on SIGINT / SIGTERM.
import { ConfigError, USAGE, loadConfig } from './app/config.ts';
import { createLogger } from './app/logger.ts';
import { SHUTDOWN_DEADLINE_MS, StartupError, startServer } from './app/server.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(2);
    }
    throw err;
  }
  if (config.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  // MCP over stdio: stdout is the protocol, so the log goes to stderr.
  const logger = createLogger({ level: config.logLevel, file: config.logFile, stderr: config.mcpStdio });
  let running;
  try {
    running = await startServer(config, logger);
  } catch (err) {
    if (err instanceof StartupError) {
      process.stderr.write(err.message + '\n');
      process.exit(1);
    }
    throw err;
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Past the deadline, exit anyway: the worker is in our process group / killed by the bridge.
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS + 3_000).unref();
    void running.close().then(() => {
      logger.info('stopped');
      logger.flush();
      setTimeout(() => process.exit(0), 50);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Windows: the console window was closed (Node calls it SIGHUP; Windows ends the process ~10 s later). Not on
  // POSIX, where a server started under nohup must outlive its terminal.
  if (process.platform === 'win32') process.on('SIGHUP', () => stop('SIGHUP'));
  // The MCP client closed our stdin: it is done with us.
  void running.mcpStdioEnded?.then(() => stop('stdin closed'));
}

await main();

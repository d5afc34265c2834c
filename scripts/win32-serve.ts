// win32-serve.ts - `npm run win32:serve -- [--port, --sim-state, ...]`: the whole stack on the Win32 backend under Wine:
// HTTP -> bridge -> PowerShell under Wine -> user32 -> the xiadan double, with the simulated client's model behind it.
// Builds what is missing (prefix, double, host), and stops everything it started (and only that) on Ctrl+C.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/app/config.ts';
import { createLogger } from '../src/app/logger.ts';
import { startServer } from '../src/app/server.ts';
import { WRAPPER, killWineServer, runSetup, startController, win32SkipReason } from '../rig/win32/bench.ts';

let config;
try {
  config = { ...loadConfig(process.argv.slice(2)), backend: 'win32' as const };
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(err.message + '\n');
    process.exit(2);
  }
  throw err;
}
const logger = createLogger({ level: config.logLevel, file: config.logFile });
const why = win32SkipReason();
if (why !== null) {
  process.stderr.write(`win32:serve needs Wine: ${why}\n`);
  process.exit(2);
}
logger.info('setting up the Wine bench (prefix, runtime, host, double): idempotent, ~20 s the first time');
await runSetup();
mkdirSync(path.dirname(config.simState), { recursive: true });
const { proc: controller } = await startController(config.simState);
logger.info({ simState: config.simState }, 'xiadan double is up (Wine), showing the simulated client');
const running = await startServer({ ...config, powershell: WRAPPER }, logger);

let stopping = false;
const stop = async (signal: string): Promise<void> => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping server, worker, double and the bench\'s wineserver');
  await running.close();
  await controller.stop();
  await killWineServer();
  logger.flush();
  setTimeout(() => process.exit(0), 50);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

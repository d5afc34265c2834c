// cli.ts - the bundle's command (start.cmd and ths-http-trader.cmd run it with the bundled node.exe):
// serve (default) | doctor | version | autostart on|off|status | help. serve and doctor run the project's own entry
// points in this process, so Ctrl+C and closing the window reach the server directly.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { VERSION } from '../../src/app/paths.ts';
import { runAutostart } from './autostart.ts';
import { serveArgs } from './serve-args.ts';

const APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const USAGE = `用法 usage: ths-http-trader.cmd [serve] [options] | doctor [--json] | version | autostart on|off|status | help
  serve      启动服务（默认；serve --help 列出选项）/ run the server (default; serve --help lists the options)
  doctor     只读体检 / a read-only check of this PC and the trading client
  version    版本 / versions
  autostart  on：登录 Windows 时自动运行 start.cmd（任务计划，仅当前用户）；off 取消；status 查看
             on: run start.cmd when you log on (Task Scheduler, this user only); off: remove; status: show`;

/** Runs another entry point of the app as if it had been started with `args`. */
async function run(entry: string, args: string[]): Promise<void> {
  const file = path.join(APP, entry);
  process.argv = [process.argv[0] ?? 'node', file, ...args];
  await import(pathToFileURL(file).href);
}

const [first, ...rest] = process.argv.slice(2);
const command = first === undefined || first.startsWith('-') ? 'serve' : first;
const args = first === undefined || first.startsWith('-') ? process.argv.slice(2) : rest;
switch (command) {
  case 'serve':
    await run(path.join('src', 'main.ts'), serveArgs(args));
    break;
  case 'doctor':
    await run(path.join('scripts', 'doctor.ts'), args);
    break;
  case 'version':
    process.stdout.write(`ths-http-trader ${VERSION}, node ${process.version} (${process.execPath})\n`);
    break;
  case 'autostart': {
    const action = args[0];
    if (action !== 'on' && action !== 'off' && action !== 'status') {
      process.stderr.write(`autostart: on、off 或 status / on, off or status\n${USAGE}\n`);
      process.exitCode = 2;
      break;
    }
    if (process.platform !== 'win32') {
      process.stderr.write('autostart: 只在 Windows 上可用 / Windows only (Task Scheduler)\n');
      process.exitCode = 2;
      break;
    }
    process.exitCode = runAutostart(action, path.dirname(APP));
    break;
  }
  case 'help':
    process.stdout.write(USAGE + '\n');
    break;
  default:
    process.stderr.write(`未知命令 unknown command: ${command}\n${USAGE}\n`);
    process.exitCode = 2;
}

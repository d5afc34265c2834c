// echo-worker.ts - the floor: a bare Node child speaking the worker protocol over the same pipes, answering from memory.
// argv[2]: optional JSON of the `balance` result to answer with (default: none, balance answers an empty list).
import readline from 'node:readline';
import { VERSION } from '../src/app/paths.ts';
import { COMMAND_NAMES } from '../src/bridge/commands.ts';

const balance: unknown = process.argv[2] ? JSON.parse(process.argv[2]) : { entries: [] };
const ascii = (v: unknown): string => JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
const out = (v: unknown): boolean => process.stdout.write(ascii(v) + '\n');

out({ type: 'ready', pid: process.pid, psVersion: '0', psEdition: 'NodeFloor', languageMode: 'FullLanguage', backend: 'echo', scriptVersion: VERSION, commands: COMMAND_NAMES, window: { found: true } });
// (the release's version and command catalog: a server refuses a worker whose ready line does not match them)
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const req = JSON.parse(line) as { id: number; cmd: string };
  const result = req.cmd === 'balance' ? balance : { pong: true, pid: process.pid };
  out({ id: req.id, ok: true, result });
});

// echo-worker.ts - the floor: a bare Node child speaking the worker protocol over the same pipes, answering from memory.
// argv[2]: optional JSON of the `balance` result to answer with (default: none, balance answers an empty list).
import readline from 'node:readline';

const balance: unknown = process.argv[2] ? JSON.parse(process.argv[2]) : { entries: [] };
const ascii = (v: unknown): string => JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
const out = (v: unknown): boolean => process.stdout.write(ascii(v) + '\n');

out({ type: 'ready', pid: process.pid, psVersion: '0', psEdition: 'NodeFloor', languageMode: 'FullLanguage', backend: 'echo', scriptVersion: '0', window: { found: true } });
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const req = JSON.parse(line) as { id: number; cmd: string };
  const result = req.cmd === 'balance' ? balance : { pong: true, pid: process.pid };
  out({ id: req.id, ok: true, result });
});

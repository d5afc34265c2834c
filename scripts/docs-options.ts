// docs-options.ts - rewrites the options table of docs/configuration.md from src/app/options.ts (npm run docs:options);
// test/app/options.test.ts fails until the page carries exactly the generated table.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { optionsMarkdown } from '../src/app/options.ts';
import { ROOT } from '../src/app/paths.ts';

const page = path.join(ROOT, 'docs', 'configuration.md');
const lines = readFileSync(page, 'utf8').split('\n');
const start = lines.findIndex((l) => l.startsWith('| 选项 option |'));
if (start < 0) throw new Error(`${page}: no options table (a line starting "| 选项 option |")`);
let end = start;
while (lines[end]?.startsWith('|')) end++;
lines.splice(start, end - start, ...optionsMarkdown().split('\n'));
writeFileSync(page, lines.join('\n'));
process.stdout.write(`${page}: options table rewritten (${end - start} -> ${optionsMarkdown().split('\n').length} lines)\n`);

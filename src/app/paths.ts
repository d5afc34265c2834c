// paths.ts - where the application's own files are, and its version (package.json's, which the worker must match).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json' with { type: 'json' };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WORKER_SCRIPT = path.join(ROOT, 'ps', 'ThsAutomation.ps1');
export const VERSION: string = pkg.version;

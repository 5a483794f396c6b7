import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './net';

const SCRIPT = path.resolve(__dirname, '../../../../scripts/postgres-server.sh');

/** A throwaway PostgreSQL server for one test file: its URL once started, and a way to stop it. */
export function startPostgres(): { url: Promise<string>; stop: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postgres-'));
  const url = freePort().then(async port => {
    const { stdout } = await promisify(execFile)('bash', [SCRIPT, 'start', dir, String(port)], { encoding: 'utf8' });
    return stdout.trim();
  });
  return { url, stop: () => execFileSync('bash', [SCRIPT, 'stop', dir], { stdio: 'ignore' }) };
}

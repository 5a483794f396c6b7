import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Test support for running generated Python projects for real. */

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const VENV_SCRIPT = path.join(REPO_ROOT, 'scripts/python-venv.sh');

/** A cached virtualenv with exactly the packages of `requirementsFile`; returns its folder. */
export function venvFor(requirementsFile: string): string {
  return execFileSync('bash', [VENV_SCRIPT, requirementsFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** The venv with black, ruff and hadolint. */
export function lintVenv(): string {
  return venvFor(path.join(REPO_ROOT, 'scripts/requirements-lint.txt'));
}

/** Writes generated files into a fresh temporary folder, executables with their mode. */
export function writeProject(files: Map<string, string>, executables: ReadonlySet<string> = new Set()): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-project-'));
  for (const [file, content] of files) {
    const destination = path.join(dir, file);
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.writeFileSync(destination, content, { mode: executables.has(file) ? 0o755 : 0o644 });
  }
  return dir;
}

export type RunResult = { status: number | null; stdout: string; stderr: string };

/** Runs a program of a venv in `cwd`; never throws, so tests can assert on the output. */
export function run(venv: string, program: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunResult {
  const result = spawnSync(path.join(venv, 'bin', program), args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: `${path.join(venv, 'bin')}:/usr/bin:/bin`, HOME: os.tmpdir(), ...env },
    timeout: 240_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

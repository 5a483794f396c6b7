/*
 * `npm run build:backend`: what `backstage-cli package build` does for a backend (Backstage's
 * "host build" for its Docker image), with npm's lock file where the CLI insists on yarn's.
 * Writes packages/backend/dist/skeleton.tar.gz (every package.json of the workspace packages the
 * backend runs, with the root package.json, package-lock.json and .npmrc: what `npm ci` needs) and
 * packages/backend/dist/bundle.tar.gz (those packages as they are published: dist/ and config
 * schemas). The frontend and the module must be built first (package.json's build:backend does).
 *
 * Uses @backstage/cli-module-build's own packaging (pinned), reached by path: the CLI command
 * takes no option for the lock file.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const tar = require('tar');

const build = path.dirname(require.resolve('@backstage/cli-module-build/package.json'));
const { createDistWorkspace } = require(path.join(build, 'dist/lib/packager/createDistWorkspace.cjs.js'));
const { buildPackage } = require(path.join(build, 'dist/lib/builder/packager.cjs.js'));
const { Output } = require(path.join(build, 'dist/lib/builder/types.cjs.js'));
const { PackageGraph } = require('@backstage/cli-node');

const ROOT = path.resolve(__dirname, '..');
const BACKEND = path.join(ROOT, 'packages/backend');

async function main() {
  const packageJson = JSON.parse(fs.readFileSync(path.join(BACKEND, 'package.json'), 'utf8'));
  process.chdir(BACKEND);
  await buildPackage({ targetDir: BACKEND, packageJson, outputs: new Set([Output.cjs]), workspacePackages: await PackageGraph.listTargetPackages() });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'backstage-bundle-'));
  try {
    await createDistWorkspace([packageJson.name], {
      targetDir: workspace,
      files: ['package.json', 'package-lock.json', '.npmrc'],
      skeleton: 'skeleton.tar.gz',
    });
    const dist = path.join(BACKEND, 'dist');
    fs.renameSync(path.join(workspace, 'skeleton.tar.gz'), path.join(dist, 'skeleton.tar.gz'));
    await tar.create({ file: path.join(dist, 'bundle.tar.gz'), cwd: workspace, portable: true, noMtime: true, gzip: true }, ['']);
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

/*
 * `npm run build:backend`: what `backstage-cli package build` does for a backend (Backstage's
 * "host build" for its Docker image), with npm's lock file where the CLI insists on yarn's.
 * Writes packages/backend/dist/skeleton.tar.gz (every package.json of the workspace packages the
 * backend runs, with the root package.json, package-lock.json and .npmrc: what `npm ci` needs) and
 * packages/backend/dist/bundle.tar.gz (those packages as they are published: dist/ and config
 * schemas). It builds the workspace packages the backend runs first (each with its own `npm run
 * build`, dependencies before dependents); the frontend is built by packages/app's
 * build-if-changed.sh (package.json's build:backend runs it first).
 *
 * Uses @backstage/cli-module-build's own packaging (pinned), reached by path: the CLI command
 * takes no option for the lock file.
 */
const { execFileSync } = require('node:child_process');
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

/**
 * The backend's workspace dependencies (not dev ones), each after those it depends on. The
 * frontend's own dependencies are inside its bundle, not packages of the backend's.
 */
function buildOrder(graph, name, order = []) {
  for (const dependency of graph.get(name).localDependencies.keys()) {
    if (!order.includes(dependency) && graph.get(dependency).packageJson.backstage?.role !== 'frontend') buildOrder(graph, dependency, order);
  }
  if (!order.includes(name)) order.push(name);
  return order;
}

async function main() {
  const packageJson = JSON.parse(fs.readFileSync(path.join(BACKEND, 'package.json'), 'utf8'));
  const workspacePackages = await PackageGraph.listTargetPackages();
  const graph = PackageGraph.fromPackages(workspacePackages);
  for (const name of buildOrder(graph, packageJson.name)) {
    const { dir, packageJson: manifest } = graph.get(name);
    if (name === packageJson.name) continue;
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  process.chdir(BACKEND);
  await buildPackage({ targetDir: BACKEND, packageJson, outputs: new Set([Output.cjs]), workspacePackages });
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

#!/usr/bin/env node
// The API report of a package, as the Backstage repository keeps one: api-extractor reads the
// package's declarations (dist-types/, written by its `tsc -p tsconfig.build.json`) and writes
// `report.api.md` beside its package.json. With --check it writes nothing and fails when the
// committed report differs from the code, saying how to update it.
//
//   node scripts/api-report.js plugins/<package> [--check]
const path = require('node:path');
const fs = require('node:fs');
const { Extractor, ExtractorConfig } = require('@microsoft/api-extractor');

const [packageDir, ...flags] = process.argv.slice(2);
const check = flags.includes('--check');
const root = path.resolve(__dirname, '..');
const packagePath = path.resolve(root, packageDir);
const relative = path.relative(root, packagePath);
const entryPoint = path.join(root, 'dist-types', relative, 'src/index.d.ts');
if (!fs.existsSync(entryPoint)) {
  console.error(`No declarations at ${path.relative(root, entryPoint)}: run "npx tsc -p ${relative}/tsconfig.build.json" first`);
  process.exit(1);
}
/** Each workspace package whose declarations were built, by name: its dist-types entry point. */
function workspaceDeclarations() {
  const paths = {};
  for (const folder of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(root, folder))) {
      const declarations = path.join('dist-types', folder, name, 'src/index.d.ts');
      const manifest = path.join(root, folder, name, 'package.json');
      if (fs.existsSync(path.join(root, declarations)) && fs.existsSync(manifest)) {
        paths[require(manifest).name] = [declarations];
      }
    }
  }
  return paths;
}

const temp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'api-report-'));

const config = ExtractorConfig.prepare({
  configObject: {
    projectFolder: packagePath,
    mainEntryPointFilePath: entryPoint,
    bundledPackages: [],
    compiler: {
      tsconfigFilePath: path.join(packagePath, 'tsconfig.build.json'),
      // Workspace packages point "types" at their sources; the report reads their declarations,
      // as it would read them from an installed package.
      overrideTsconfig: {
        extends: path.join(packagePath, 'tsconfig.build.json'),
        compilerOptions: { baseUrl: root, paths: workspaceDeclarations() },
      },
    },
    apiReport: { enabled: true, reportFolder: packagePath, reportTempFolder: temp, reportFileName: 'report.api.md' },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    messages: {
      // A missing release tag or an export the index forgets shows up in the report and fails.
      extractorMessageReporting: { default: { logLevel: 'warning', addToApiReportFile: true } },
      compilerMessageReporting: { default: { logLevel: 'warning' } },
      tsdocMessageReporting: { default: { logLevel: 'warning', addToApiReportFile: true } },
    },
    newlineKind: 'lf',
  },
  configObjectFullPath: path.join(packagePath, 'api-extractor.json'),
  packageJsonFullPath: path.join(packagePath, 'package.json'),
});

const result = Extractor.invoke(config, { localBuild: !check, showVerboseMessages: false });
// Problems of the API itself (ae-*, tsdoc-*) are written into the report it just made.
const made = fs.readFileSync(path.join(temp, 'report.api.md'), 'utf8');
const apiProblems = (made.match(/\((ae|tsdoc)-[a-z-]+\)/g) ?? []).length;
fs.rmSync(temp, { recursive: true, force: true });
if (check && result.apiReportChanged) {
  console.error(`${relative}/report.api.md is out of date: run "npm run api-report -w ${relative}" and commit it`);
  process.exit(1);
}
// A warning (an export the index forgets, a missing release tag or doc) is a defect of the API.
if (apiProblems > 0) {
  console.error(`${relative}: ${apiProblems} API warning(s), listed at the end of the report; fix them rather than commit them`);
  process.exit(1);
}
if (!result.succeeded && !result.apiReportChanged) process.exit(1);
console.log(`${relative}/report.api.md ${check ? 'is up to date' : 'written'}`);

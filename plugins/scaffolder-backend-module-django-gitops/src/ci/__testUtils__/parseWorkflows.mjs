// Parses workflow files with GitHub's own parser, @actions/workflow-parser, and prints
// {file: {errors, jobs}} as JSON. Runs in a Node process of its own, under Backstage's node
// transform: the parser and @actions/expressions are exported under the "import" condition only
// (jest's CommonJS resolver cannot load them), and the parser imports its JSON schema without an
// import attribute (plain Node refuses that; the transform's hooks load it).
import fs from 'node:fs';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';

const report = {};
for (const file of process.argv.slice(2)) {
  const result = parseWorkflow({ name: file, content: fs.readFileSync(file, 'utf8') }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map(error => error.message);
  const template = result.value ? await convertWorkflowTemplate(result.context, result.value) : undefined;
  errors.push(...(template?.errors ?? []).map(error => error.Message));
  report[file] = { errors, jobs: (template?.jobs ?? []).map(job => job.id.value) };
}
console.log(JSON.stringify(report));

import { EXAMPLE_CICD_SPECS } from './__testUtils__/exampleWorkflows';
import { workflowReadmeSection } from './readme';
import { generateWorkflow, JOB_IDS } from './workflow';

describe.each(EXAMPLE_CICD_SPECS)('the CI/CD section of the %s README', (_name, spec) => {
  const options = { gitopsRepository: 'platform/deployments', gitopsBranch: 'live', defaultBranch: 'trunk' };
  const section = workflowReadmeSection(spec, options);
  const workflow = generateWorkflow(spec, options);

  it('explains every secret and variable the workflow reads', () => {
    const names = [...new Set(workflow.match(/(?:secrets|vars)\.[A-Z_]+/g))].map(name => name.split('.')[1]);
    expect(names.length).toBeGreaterThan(2);
    for (const name of names) expect(section).toMatch(new RegExp(`\\| [^|\\n]*\`${name}\`[^|\\n]*\\| .+ \\| .+ \\|`));
  });

  it('lists each job with where it deploys', () => {
    for (const job of Object.values(JOB_IDS)) expect(section).toContain(`| \`${job}\` |`);
    expect(section).toContain(`apps/${spec.name}/kustomization.yaml\` of \`platform/deployments\` (branch \`live\`)`);
    expect(section).toContain('every push to `trunk`');
  });
});

import { EXAMPLE_SPECS, validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { ANSWERS_PATH, parseAnswers, readServiceLayout } from './answers';
import { generateDjangoProject } from './generate';

describe('the answers kept in the repository', () => {
  it.each(Object.entries(EXAMPLE_SPECS))('give back the %s spec and its files exactly', (_, input) => {
    const spec = validateProjectSpec(input);
    const workflow = { gitopsRepository: 'acme/gitops', gitopsBranch: 'main', defaultBranch: 'main' };
    const files = generateDjangoProject(spec, { workflow, template: 'template:default/django-gitops' }).files;
    const { answers, spec: read } = parseAnswers(files.get(ANSWERS_PATH)!);

    expect(read).toEqual(spec);
    expect(answers).toMatchObject({ template: 'template:default/django-gitops', workflow, generator: { version: expect.any(String) } });
    expect(generateDjangoProject(read, { workflow: answers.workflow, template: answers.template }).files).toEqual(files);
  });

  it('write every default out', () => {
    const spec = validateProjectSpec(EXAMPLE_SPECS.inventory);
    const { answers } = parseAnswers(generateDjangoProject(spec).files.get(ANSWERS_PATH)!);
    expect(answers.project).toMatchObject({ packageName: 'inventory_api', database: 'sqlite', access: 'authenticated', registry: 'ghcr.io' });
    expect(answers.project.models[0]).toMatchObject({ endpoint: 'categories' });
  });

  it('name what is wrong with a damaged file', () => {
    expect(() => parseAnswers('{')).toThrow(`${ANSWERS_PATH} is not JSON`);
    expect(() => parseAnswers('{"project": {"name": "x"}}')).toThrow('- Django app name is required (.devportal/project.json project.appName)');
  });

  it('say where the service is built and deployed, with the defaults of the generator', () => {
    const spec = validateProjectSpec(EXAMPLE_SPECS.inventory);
    const workflow = { gitopsRepository: 'platform/deployments', gitopsBranch: 'prod', defaultBranch: 'trunk' };
    expect(readServiceLayout(generateDjangoProject(spec, { workflow }).files.get(ANSWERS_PATH)!)).toEqual({
      name: 'inventory-api',
      cicd: true,
      defaultBranch: 'trunk',
      workflowFile: 'ci-cd.yml',
      gitops: { repository: 'platform/deployments', branch: 'prod', folder: 'apps/inventory-api' },
    });

    const withoutCicd = validateProjectSpec({ ...EXAMPLE_SPECS.inventory, cicd: false });
    expect(readServiceLayout(generateDjangoProject(withoutCicd).files.get(ANSWERS_PATH)!)).toMatchObject({
      cicd: false,
      defaultBranch: 'main',
      gitops: { repository: 'acme/gitops', branch: 'main' },
    });
  });

  it('read the layout of answers that a newer rule would refuse, and name a file without a project', () => {
    const answers = { project: { name: 'legacy-api', owner: 'acme', appName: 'class' }, workflow: {} };
    expect(readServiceLayout(JSON.stringify(answers))).toMatchObject({ name: 'legacy-api', gitops: { folder: 'apps/legacy-api' } });
    expect(() => readServiceLayout('{"project": {"appName": "api"}}')).toThrow(`${ANSWERS_PATH} project has no name and owner`);
    expect(() => readServiceLayout('[]')).toThrow(`${ANSWERS_PATH} holds no project`);
  });
});

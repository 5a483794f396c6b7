import { parse } from 'yaml';
import { EXAMPLE_SPECS, validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { generateDependabotConfig } from './dependabot';

describe('generateDependabotConfig', () => {
  const config = parse(generateDependabotConfig(validateProjectSpec({ ...EXAMPLE_SPECS.inventory, cicd: true })));

  it('keeps the pip pins, the base image and the action pins current, weekly, after a week of cooldown', () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((u: any) => [u['package-ecosystem'], u.directory, u.schedule.interval, u.cooldown['default-days']])).toEqual([
      ['pip', '/', 'weekly', 7],
      ['docker', '/', 'weekly', 7],
      ['github-actions', '/', 'weekly', 7],
    ]);
  });

  it('moves the pip pins together, transitive ones included, in one pull request', () => {
    expect(config.updates[0].groups).toEqual({ python: { patterns: ['*'] } });
  });

  it('leaves out the actions when there is no workflow', () => {
    const withoutCi = parse(generateDependabotConfig(validateProjectSpec({ ...EXAMPLE_SPECS.inventory, cicd: false })));
    expect(withoutCi.updates.map((u: any) => u['package-ecosystem'])).toEqual(['pip', 'docker']);
  });
});

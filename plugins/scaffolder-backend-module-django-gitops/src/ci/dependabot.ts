import { stringify } from 'yaml';
import type { ProjectSpec } from '@dev-portal/plugin-django-gitops-common';

export const DEPENDABOT_PATH = '.github/dependabot.yml';

/**
 * `.github/dependabot.yml`: weekly pull requests that move the exact pins forward, so pinned
 * stays current. pip pins move together in one pull request (the file pins transitive
 * dependencies too, which only make sense as a set); the Dockerfile's base image digest and,
 * with CI/CD, the workflow's action SHAs each get theirs. A release is left a week to be
 * yanked or fixed before it is proposed.
 */
export function generateDependabotConfig(spec: ProjectSpec): string {
  const weekly = { interval: 'weekly', day: 'monday' };
  const update = (ecosystem: string, prefix: string, group?: string) => ({
    'package-ecosystem': ecosystem,
    directory: '/',
    schedule: weekly,
    cooldown: { 'default-days': 7 },
    'commit-message': { prefix },
    ...(group ? { groups: { [group]: { patterns: ['*'] } } } : {}),
  });
  const updates = [update('pip', 'deps', 'python'), update('docker', 'image')];
  if (spec.cicd) updates.push(update('github-actions', 'ci', 'actions'));
  return stringify({ version: 2, updates }, { lineWidth: 0 });
}

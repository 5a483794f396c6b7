import { EXAMPLE_SPECS, type ProjectSpec, validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { generateWorkflow } from '../workflow';

/**
 * The specs the django:generate harness runs, with CI/CD on (one of them has it off), plus one
 * pushing to a registry other than GHCR: the specs every workflow test and linter covers.
 */
export const EXAMPLE_CICD_SPECS: [string, ProjectSpec][] = [
  ...Object.entries(EXAMPLE_SPECS).map(([name, input]): [string, ProjectSpec] => [
    name,
    validateProjectSpec({ ...input, cicd: true }),
  ]),
  ['otherRegistry', validateProjectSpec({ ...EXAMPLE_SPECS.inventory, registry: 'registry.example.com' })],
];

export const EXAMPLE_WORKFLOWS: [string, string][] = EXAMPLE_CICD_SPECS.map(([name, spec]) => [name, generateWorkflow(spec)]);

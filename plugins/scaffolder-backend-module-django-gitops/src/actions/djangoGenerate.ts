import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { generateDjangoProject } from '../django/generate';
import { projectNameProblem, ProjectSpecError, projectSpecSchema, validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import type { Config } from '@backstage/config';
import { readDefaultRegistry } from '../config';
import { workspaceFolderPath } from '../scaffolder/workspace';
import { examples } from './djangoGenerate.examples';

/**
 * Options of `django:generate`.
 *
 * @public
 */
export interface DjangoGenerateActionOptions {
  /** The root config: `devPortal.defaultRegistry` is the registry of a spec that names none. */
  config?: Config;
  /** Namespaces no project may be named after (`devPortal.reservedNamespaces` and Argo CD's). */
  reservedNamespaces?: readonly string[];
}

/**
 * `django:generate`: writes the Django REST Framework project that the form's spec describes.
 * Safe in dry runs: it only writes into the task's own workspace.
 *
 * @public
 */
export function createDjangoGenerateAction(options: DjangoGenerateActionOptions = {}) {
  const defaultRegistry = readDefaultRegistry(options.config);
  return createTemplateAction({
    id: 'django:generate',
    description:
      'Generates a Django REST Framework project (models, migrations, API, tests, settings, Dockerfile, ' +
      'CI workflow, README, catalog-info.yaml) from a project spec, into the workspace.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        project: z => projectSpecSchema(z).describe('The project spec: name, Django app, models and options'),
        targetPath: z => z.string().optional().describe('Workspace folder to write into; default "."'),
        workflow: z =>
          z
            .object({
              gitopsRepository: z.string().optional().describe('owner/name of the GitOps repository; default <owner>/gitops'),
              gitopsBranch: z.string().optional().describe('The branch Argo CD follows; default main'),
              defaultBranch: z.string().optional().describe('The branch the project is pushed to; CI/CD runs on pushes to it. Default main'),
            })
            .optional()
            .describe('Where the generated CI/CD workflow deploys'),
      },
      output: {
        files: z => z.array(z.string()).describe('Paths written, relative to targetPath'),
        appName: z => z.string().describe('The DNS-1123 name: repository, GitOps folder, namespace'),
        packageName: z => z.string().describe('The Django project package'),
        djangoApp: z => z.string().describe('The Django app label'),
        image: z => z.string().describe('The image reference without a tag, lowercase'),
        targetPath: z => z.string().describe('Where the project was written, relative to the workspace'),
      },
    },
    async handler(ctx) {
      const project = withDefaultRegistry(ctx.input.project, defaultRegistry);
      const spec = parseSpec(project);
      // The name becomes a namespace: the platform's reserved ones are refused here, at the first step.
      const reserved = projectNameProblem(spec.name, options.reservedNamespaces);
      if (reserved) throw new InputError(new ProjectSpecError([{ path: 'project.name', message: reserved }], project).message);
      const targetPath = ctx.input.targetPath ?? '.';
      const outputDir = workspaceFolderPath(ctx.workspacePath, targetPath, 'targetPath');
      const generated = generateDjangoProject(spec, { workflow: ctx.input.workflow, template: ctx.templateInfo?.entityRef });

      for (const [file, content] of generated.files) {
        const destination = path.join(outputDir, file);
        await fs.mkdir(path.dirname(destination), { recursive: true });
        await fs.writeFile(destination, content, { mode: generated.executables.has(file) ? 0o755 : 0o644 });
      }
      const files = [...generated.files.keys()].sort();
      ctx.logger.info(
        `Generated ${files.length} files of ${spec.name} (${spec.models.length} models: ` +
          `${spec.models.map(m => m.name).join(', ')}) into ${targetPath}`,
      );

      ctx.output('files', files);
      ctx.output('appName', spec.name);
      ctx.output('packageName', spec.packageName);
      ctx.output('djangoApp', spec.appName);
      ctx.output('image', generated.image);
      ctx.output('targetPath', targetPath);
    },
  });
}

/** The spec with the platform's registry when it names none (the form may send an empty one). */
function withDefaultRegistry(project: unknown, registry: string | undefined): unknown {
  if (!registry || typeof project !== 'object' || project === null || Array.isArray(project)) return project;
  const given = (project as { registry?: unknown }).registry;
  return given === undefined || given === '' ? { ...project, registry } : project;
}

/** Turns a bad spec into an InputError listing every offending field, in words and by path. */
function parseSpec(input: unknown) {
  try {
    return validateProjectSpec(input);
  } catch (error) {
    if (error instanceof ProjectSpecError) throw new InputError(error.message);
    throw error;
  }
}

import { diff3Merge } from 'node-diff3';
import { changeRisks, type ProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import type { ProjectAnswers } from './answers';
import { ANSWERS_PATH, renderAnswers } from './answers';
import { generateDjangoProject } from './generate';
import { renderNextMigration } from './migrations';
import { DJANGO_VERSION } from './requirements';

/**
 * A generated service changed from its new answers, keeping what its team wrote since: the
 * project is rendered for the old answers (the base) and the new ones (the target), and each
 * file the generator changes is merged three ways with the repository's own. Migrations are not
 * merged: the repository keeps its own, and the change gets the next one.
 */
export interface ProjectUpdate {
  /** Files to write: added, or changed (conflicted ones hold standard conflict markers). */
  files: Map<string, string>;
  /** Files to delete: the generator no longer makes them and nobody edited them. */
  deleted: string[];
  /** Files where both sides changed the same lines: they hold conflict markers. */
  conflicts: string[];
  /** What the update left alone although the generator changed it, and why. */
  kept: string[];
  /** The new migration's module name, when the tables change. */
  migration?: string;
  /** What the migration does to existing data, in words. */
  risks: string[];
}

/** Conflict marker labels: the repository's side, and the portal's. */
export const MERGE_LABELS = { a: 'repository', b: 'Dev Portal' } as const;

export interface UpdateInput {
  before: { spec: ProjectSpec; answers: ProjectAnswers };
  after: ProjectSpec;
  /** The repository's text files at the head of its branch, by path. */
  current: ReadonlyMap<string, string>;
}

/** The project as generated for the old answers (the base) and for the new ones (the target). */
function render(before: UpdateInput['before'], after: ProjectSpec) {
  const options = { workflow: before.answers.workflow, template: before.answers.template };
  return { base: generateDjangoProject(before.spec, options).files, target: generateDjangoProject(after, options).files };
}

/** Where the app's migrations are: `api/migrations/`. */
export const migrationsFolder = (spec: ProjectSpec) => `${spec.appName}/migrations/`;

/**
 * What `updateProject` reads of the repository: every file the generator writes for the old or
 * the new answers, with the contents it writes (a file that still holds one of them need not be
 * downloaded), and the files of the app's migrations folder (the next migration follows the newest).
 */
export function filesUpdateReads(before: UpdateInput['before'], after: ProjectSpec) {
  const { base, target } = render(before, after);
  const generated = new Map<string, string[]>();
  for (const [file, content] of [...base, ...target]) generated.set(file, [...(generated.get(file) ?? []), content]);
  return { generated, migrationsFolder: migrationsFolder(after) };
}

export function updateProject({ before, after, current }: UpdateInput): ProjectUpdate {
  const { base, target } = render(before, after);
  const update: ProjectUpdate = { files: new Map(), deleted: [], conflicts: [], kept: [], risks: changeRisks(before.spec, after) };
  const migrations = migrationsFolder(after);
  const isMigration = (file: string) => file.startsWith(migrations) && /\/\d{4}_\w+\.py$/.test(file);

  for (const file of new Set([...base.keys(), ...target.keys()])) {
    if (isMigration(file) || file === ANSWERS_PATH) continue;
    const [was, will, now] = [base.get(file), target.get(file), current.get(file)];
    if (was === will || now === will) continue;
    if (will === undefined) {
      if (now === was) update.deleted.push(file);
      else if (now !== undefined) update.kept.push(`${file}: the generator no longer makes it, but it was edited here, so it stays`);
    } else if (now === undefined) {
      if (was === undefined) update.files.set(file, will);
      else update.kept.push(`${file}: deleted here, so the generator's changes to it are not applied`);
    } else if (now === was || was === undefined) {
      // Unchanged here, or new on both sides: a new file the repository already has is merged against nothing.
      update.files.set(file, was === undefined ? mergeTexts(now, '', will, file, update) : will);
    } else {
      update.files.set(file, mergeTexts(now, was, will, file, update));
    }
  }

  const latest = latestMigration(current, migrations);
  const next = renderNextMigration(before.spec, after, latest, DJANGO_VERSION);
  if (next) {
    update.files.set(`${migrations}${next.name}.py`, next.content);
    update.migration = next.name;
  }
  update.files.set(ANSWERS_PATH, renderAnswers(after, before.answers.workflow, before.answers.template));
  return update;
}

/**
 * A three-way merge of lines. Where both sides only added lines at the same place (a view
 * appended by hand, a view set appended by the generator), both are kept, the repository's
 * first; where both changed the same lines, standard conflict markers.
 */
function mergeTexts(ours: string, base: string, theirs: string, file: string, update: ProjectUpdate): string {
  const lines: string[] = [];
  let conflicted = false;
  for (const block of diff3Merge(ours.split('\n'), base.split('\n'), theirs.split('\n'))) {
    if (block.ok) {
      lines.push(...block.ok);
    } else if (block.conflict!.o.length === 0) {
      lines.push(...block.conflict!.a, ...block.conflict!.b);
    } else {
      conflicted = true;
      const { a, b } = block.conflict!;
      lines.push(`<<<<<<< ${MERGE_LABELS.a}`, ...a, '=======', ...b, `>>>>>>> ${MERGE_LABELS.b}`);
    }
  }
  if (conflicted) update.conflicts.push(file);
  return lines.join('\n');
}

/** The newest migration of the app in the repository (`0003_add_price`): the next one follows it. */
function latestMigration(current: ReadonlyMap<string, string>, folder: string): string {
  const names = [...current.keys()]
    .filter(file => file.startsWith(folder) && /^\d{4}_\w+\.py$/.test(file.slice(folder.length)))
    .map(file => file.slice(folder.length, -'.py'.length))
    .sort();
  if (names.length === 0) throw new Error(`${folder} holds no migration: the repository does not look like a generated service`);
  return names[names.length - 1];
}

import type { Config } from '@backstage/config';
import type { CommitAuthor } from './github/commit';

/**
 * The author of the commits the module makes: `devPortal.commitAuthor`, else the scaffolder's own
 * `scaffolder.defaultAuthor` (as upstream's GitHub actions read it, with the same fallbacks for a
 * missing half), else none, and GitHub records the token's account.
 */
export function readCommitAuthor(config: Config | undefined): CommitAuthor | undefined {
  const key = config?.has('devPortal.commitAuthor') ? 'devPortal.commitAuthor' : 'scaffolder.defaultAuthor';
  const name = config?.getOptionalString(`${key}.name`);
  const email = config?.getOptionalString(`${key}.email`);
  if (!name && !email) return undefined;
  return { name: name || 'Scaffolder', email: email || 'scaffolder@backstage.io' };
}

/** `devPortal.defaultRegistry`: the image registry of a project spec that names none. */
export function readDefaultRegistry(config: Config | undefined): string | undefined {
  return config?.getOptionalString('devPortal.defaultRegistry');
}

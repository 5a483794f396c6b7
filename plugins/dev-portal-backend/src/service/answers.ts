import { NotFoundError } from '@backstage/errors';
import type { RepositoryReader } from '../github/repositoryReader';
import type { GeneratedService } from './generatedService';

/** The text of the service's answers file on its repository's default branch; 404 when absent. */
export async function readAnswersText(app: RepositoryReader, service: GeneratedService): Promise<string> {
  const text = await app.readFile(service.answersPath);
  if (text === undefined) {
    const { owner, repo } = service.repository;
    throw new NotFoundError(`${owner}/${repo} has no ${service.answersPath} on its default branch`);
  }
  return text;
}

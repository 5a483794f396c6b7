import { ApiError } from '../http/errors';

/**
 * GitHub's `per_page`/`page` paging with its `Link` header (rel next/last/first/prev), so clients
 * that paginate (octokit.paginate) see the same answers as from GitHub.
 */
export function paginate<T>(
  items: T[],
  query: URLSearchParams,
  selfUrl: string,
): { items: T[]; headers: Record<string, string> } {
  // GitHub's default page size, and its largest.
  const perPage = Math.min(Number(query.get('per_page') ?? 30), 100);
  const page = Number(query.get('page') ?? 1);
  if (!Number.isInteger(perPage) || perPage < 1 || !Number.isInteger(page) || page < 1) {
    throw new ApiError(422, 'Invalid request.\n\n"per_page" and "page" must be positive integers.');
  }
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const link = (target: number, rel: string) => {
    const url = new URL(selfUrl);
    query.forEach((value, name) => url.searchParams.set(name, value));
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(target));
    return `<${url}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length ? { link: links.join(', ') } : {},
  };
}

// The versioning rules every catalog follows (a township's and the county's): a code is created
// once, and an edit publishes version n+1 only when made on version n.
import type { CreateServiceItemRequest, EditServiceItemRequest, ServiceItem } from '@daiban/schemas';
import { ApiError } from '../errors.ts';

export const noSuchItem = () => new ApiError(404, 'not_found', '没有这个事项 (no such service item)');

/** Version 1 of a new code, given the catalog's versions of that code (none, or the create is refused). */
export function firstVersion(existing: ServiceItem[], draft: CreateServiceItemRequest, at: string): ServiceItem {
  if (existing.length > 0) {
    throw new ApiError(409, 'already_exists', `事项编码 ${draft.code} 已存在 (service item code exists)`);
  }
  return { ...draft, version: 1, publishedAt: at };
}

/**
 * Version n+1 of the item whose newest version is `latest` (n), from an edit made on `baseVersion`;
 * refused when the item moved on meanwhile (another edit, or this one retried).
 */
export function nextVersion(
  latest: ServiceItem | undefined,
  code: string,
  edit: EditServiceItemRequest,
  at: string,
): ServiceItem {
  if (!latest) throw noSuchItem();
  const { baseVersion, ...draft } = edit;
  if (latest.version !== baseVersion) {
    throw new ApiError(
      409,
      'stale_version',
      `事项已更新到第 ${latest.version} 版，请在最新版本上修改 (item is at version ${latest.version})`,
    );
  }
  return { ...draft, code, version: latest.version + 1, publishedAt: at };
}

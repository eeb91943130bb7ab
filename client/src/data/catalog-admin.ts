import type { CreateServiceItemRequest, EditServiceItemRequest, ServiceItem, ServiceItemHistory } from '@daiban/schemas';
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../sync/api-client.ts';
import { useServerList } from './review.ts';
import { api } from './services.ts';

/** The edit that publishes the version after `base` from the whole item form (the code stays the item's). */
export function editRequestOf({ code: _, ...draft }: CreateServiceItemRequest, base: ServiceItem): EditServiceItemRequest {
  return { ...draft, baseVersion: base.version };
}

/**
 * 恢复使用县级事项: the township follows the county's item again. The county's current version is
 * published as the township's next version, and the county's later edits reach the township again.
 */
export async function followCountyItem(code: string, client: ApiClient = api): Promise<ServiceItem> {
  return (await client.followCountyItem(code)).item;
}

const loadCatalog = async (): Promise<ServiceItem[]> => (await api.listCatalog()).items;

/**
 * The township's catalog (newest version of each item) and the admin's changes to it. Every
 * save publishes a new version on the server; the list reloads so the form edits the newest.
 */
export function useCatalogAdmin() {
  const { items, error, reload } = useServerList(loadCatalog);
  const create = useCallback(
    async (body: CreateServiceItemRequest) => {
      const { item } = await api.createCatalogItem(body);
      await reload();
      return item;
    },
    [reload],
  );
  const edit = useCallback(
    async (code: string, body: EditServiceItemRequest) => {
      const { item } = await api.editCatalogItem(code, body);
      await reload();
      return item;
    },
    [reload],
  );
  const followCounty = useCallback(
    async (code: string) => {
      const item = await followCountyItem(code);
      await reload();
      return item;
    },
    [reload],
  );
  return { items, error, create, edit, followCounty };
}

/** Every published version of one item, oldest first; `version` reloads it after a save. */
export function useCatalogHistory(code: string | undefined, version: number | undefined): ServiceItemHistory | undefined {
  const [history, setHistory] = useState<ServiceItemHistory>();
  useEffect(() => {
    setHistory(undefined);
    if (!code || version === undefined) return;
    api.getCatalogItem(code).then(setHistory, () => setHistory(undefined));
  }, [code, version]);
  return history;
}

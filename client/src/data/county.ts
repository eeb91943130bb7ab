// The county administrator's data (县级管理): townships and their admins, the county catalog and the
// county's monthly report. The county works online only: nothing here is kept on the device.
import type {
  CountyItemHistory,
  CountyTownship,
  CreateServiceItemRequest,
  CreateTownshipAdminRequest,
  CreateTownshipRequest,
  ServiceItem,
  TownshipAdmin,
} from '@daiban/schemas';
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../sync/api-client.ts';
import { editRequestOf } from './catalog-admin.ts';
import { useServerList, useServerValue } from './review.ts';
import { api as appApi } from './services.ts';

/** A new township with its first administrator; refused (already_exists) when the code or username is taken. */
export async function createTownship(request: CreateTownshipRequest, api: ApiClient = appApi): Promise<CountyTownship> {
  return (await api.createTownship(request)).township;
}

/** A further administrator of a township (when the first leaves, or to share the work). */
export async function addTownshipAdmin(
  townshipId: string,
  request: CreateTownshipAdminRequest,
  api: ApiClient = appApi,
): Promise<TownshipAdmin> {
  return (await api.createTownshipAdmin(townshipId, request)).admin;
}

/**
 * Publishes a county item: a new one, or the next version of `base` (refused with stale_version when
 * the item moved on since `base` was read). Every township that follows the item gets it as its own
 * next version.
 */
export async function publishCountyItem(
  request: CreateServiceItemRequest,
  base: ServiceItem | null,
  api: ApiClient = appApi,
): Promise<ServiceItem> {
  const { item } = base ? await api.editCountyItem(base.code, editRequestOf(request, base)) : await api.createCountyItem(request);
  return item;
}

const loadCountyOverview = () => appApi.countyOverview();

/** The county and its townships (counts and admins), reloaded after each change made through it. */
export function useCountyOverview() {
  const { value: overview, error, after } = useServerValue(loadCountyOverview);
  return {
    overview,
    error,
    createTownship: (request: CreateTownshipRequest) => after(createTownship(request)),
    addTownshipAdmin: (townshipId: string, request: CreateTownshipAdminRequest) => after(addTownshipAdmin(townshipId, request)),
  };
}

const loadCountyCatalog = async (): Promise<ServiceItem[]> => (await appApi.listCountyCatalog()).items;

/** The county catalog: the newest version of each county item. */
export function useCountyCatalog() {
  const { items, error, reload } = useServerList(loadCountyCatalog);
  const publish = useCallback(
    async (request: CreateServiceItemRequest, base: ServiceItem | null) => {
      const item = await publishCountyItem(request, base);
      await reload();
      return item;
    },
    [reload],
  );
  return { items, error, publish };
}

/** One county item with its versions and where each township stands with it; `reload` after a change. */
export function useCountyItem(code: string) {
  const [state, setState] = useState<{ code: string; history?: CountyItemHistory; error?: unknown }>({ code });
  const reload = useCallback(async () => {
    try {
      setState({ code, history: await appApi.getCountyItem(code) });
    } catch (error) {
      setState({ code, error });
    }
  }, [code]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { ...(state.code === code ? state : { code }), reload };
}

import type { PullResponse, ServiceItem, ServiceItemHistory } from '@daiban/schemas';
import type { TestServer } from './test-server.ts';

/** The catalog's HTTP calls, as the catalog tests make them. */

/** Pulls from `cursor` until the server has nothing more; returns every page's service items and the last cursor. */
export async function pulledServiceItems(server: TestServer, token: string, cursor = 0) {
  const items: ServiceItem[] = [];
  for (;;) {
    const page = (await (await server.api(`/api/sync/pull?cursor=${cursor}&limit=1000`, { token })).json()) as PullResponse;
    items.push(...page.serviceItems);
    cursor = page.cursor;
    if (!page.hasMore) return { items, cursor };
  }
}

/** A create (POST) or edit (PUT) under /api/catalog. */
export const sendCatalog = (server: TestServer, method: 'POST' | 'PUT', path: string, token: string, body: unknown) =>
  server.api(`/api/catalog${path}`, { method, token, body: JSON.stringify(body) });

/** One item's versions, as the guide and the admin page read them. */
export const catalogHistory = async (server: TestServer, code: string, token: string) =>
  (await (await server.api(`/api/catalog/${code}`, { token })).json()) as ServiceItemHistory;

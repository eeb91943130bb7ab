import type { CreateVillageRequest, Village } from '@daiban/schemas';
import { messageOf, useServerValue } from './review.ts';
import { api } from './services.ts';

const loadVillages = async (): Promise<Village[]> => (await api.listVillages()).villages;

/** The township's villages (admin), with adding one; the list reloads after each addition. */
export function useVillageAdmin() {
  const { value: villages, error, after } = useServerValue(loadVillages);
  return {
    villages,
    error: messageOf(error),
    create: (body: CreateVillageRequest) => after(api.createVillage(body)).then((r) => r.village),
  };
}

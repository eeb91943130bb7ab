import type { AccountList, CreateAccountRequest, EnrolmentCode } from '@daiban/schemas';
import { useCallback, useEffect, useState } from 'react';
import { api } from './services.ts';

/**
 * The township's accounts and villages (admin), with creating an account, disabling one and
 * issuing a one-time enrolment code. The list reloads after each action.
 */
export function useAccounts() {
  const [list, setList] = useState<AccountList>();
  const [error, setError] = useState<string>();
  const reload = useCallback(async () => {
    try {
      setList(await api.listAccounts());
      setError(undefined);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  const after = useCallback(
    async <T>(action: Promise<T>): Promise<T> => {
      const result = await action;
      await reload();
      return result;
    },
    [reload],
  );
  return {
    accounts: list?.accounts,
    villages: list?.villages ?? [],
    error,
    create: (body: CreateAccountRequest) => after(api.createAccount(body)).then((r) => r.account),
    disable: (id: string) => after(api.disableAccount(id)).then(() => undefined),
    /** The code is shown once: the server keeps only its hash. */
    issueCode: (id: string): Promise<EnrolmentCode> => api.issueEnrolmentCode(id),
  };
}

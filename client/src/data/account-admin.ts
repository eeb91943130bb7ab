import type { CreateAccountRequest, EnrolmentCode } from '@daiban/schemas';
import { messageOf, useServerValue } from './review.ts';
import { api } from './services.ts';

const loadAccounts = () => api.listAccounts();

/**
 * The township's accounts and villages (admin), with creating an account, disabling one and
 * issuing a one-time enrolment code. The list reloads after each action.
 */
export function useAccounts() {
  const { value: list, error, after } = useServerValue(loadAccounts);
  return {
    accounts: list?.accounts,
    villages: list?.villages ?? [],
    error: messageOf(error),
    create: (body: CreateAccountRequest) => after(api.createAccount(body)).then((r) => r.account),
    disable: (id: string) => after(api.disableAccount(id)).then(() => undefined),
    /** The code is shown once: the server keeps only its hash. */
    issueCode: (id: string): Promise<EnrolmentCode> => api.issueEnrolmentCode(id),
  };
}

import {
  blobStatusSchema,
  type CalendarEntry,
  type CaseStatus,
  calendarEntrySchema,
  calendarListSchema,
  caseDetailSchema,
  caseSchema,
  caseSummarySchema,
  conflictListSchema,
  conflictSchema,
  type DrawSpotCheckRequest,
  deviceListSchema,
  type ErrorReason,
  errorBodySchema,
  followupListSchema,
  followupSchema,
  healthSchema,
  type LoginRequest,
  ledgerCheckSchema,
  type Mutation,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  pullResponseSchema,
  pushResponseSchema,
  type RecordSpotCheckRequest,
  type ReturnRequest,
  sessionSchema,
  spotCheckListSchema,
  spotCheckSchema,
} from '@daiban/schemas';
import { type ZodType, z } from 'zod';

/** The server answered, and said no. */
export class ServerError extends Error {
  constructor(
    readonly status: number,
    readonly reason: ErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/** The server could not be reached (no network, VPN down, timeout). */
export class NetworkError extends Error {}

const JSON_TIMEOUT_MS = 20_000;
/** One chunk over a 0.5 Mbit/s link takes about 10 s. */
const CHUNK_TIMEOUT_MS = 60_000;

/**
 * The only module that calls fetch. Every response body is checked against the shared
 * schema, so a server that speaks another protocol fails loudly here, not deep in the UI.
 */
export function createApiClient(options: { baseUrl?: string; token: () => Promise<string | undefined> }) {
  const base = options.baseUrl ?? '';

  async function request<T>(path: string, schema: ZodType<T>, init: RequestInit = {}, timeoutMs = JSON_TIMEOUT_MS): Promise<T> {
    const token = await options.token();
    const headers = new Headers(init.headers);
    headers.set(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (typeof init.body === 'string') headers.set('content-type', 'application/json');
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { ...init, headers, cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new NetworkError(error instanceof Error ? error.message : String(error));
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const parsed = errorBodySchema.safeParse(body);
      if (parsed.success) throw new ServerError(res.status, parsed.data.error.reason, parsed.data.error.message);
      throw new ServerError(res.status, res.status >= 500 ? 'internal' : 'bad_request', `HTTP ${res.status}`);
    }
    return schema.parse(body);
  }

  const json = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

  return {
    health: () => request('/api/health', healthSchema, {}, 8_000),
    login: (body: LoginRequest) => request('/api/auth/login', sessionSchema, json(body)),
    goodbye: () => request('/api/auth/goodbye', z.object({ ok: z.literal(true) }), json({})),
    listDevices: () => request('/api/devices', deviceListSchema),
    verifyLedger: () => request('/api/ledger/verify', ledgerCheckSchema),
    listFollowups: () => request('/api/followups', followupListSchema),
    closeFollowup: (id: string, resolution: string) =>
      request(`/api/followups/${id}/close`, z.object({ followup: followupSchema }), json({ resolution })),
    push: (mutations: Mutation[]) => request('/api/sync/push', pushResponseSchema, json({ mutations })),
    pull: (cursor: number, limit: number) => request(`/api/sync/pull?cursor=${cursor}&limit=${limit}`, pullResponseSchema),
    blobStatus: (sha256: string) => request(`/api/blobs/${sha256}/status`, blobStatusSchema),
    putChunk: (sha256: string, chunk: Blob, offset: number, total: number, mime: string) =>
      request(
        `/api/blobs/${sha256}/chunks?offset=${offset}&total=${total}`,
        blobStatusSchema,
        { method: 'PUT', body: chunk, headers: { 'content-type': mime } },
        CHUNK_TIMEOUT_MS,
      ),
    listCases: (status: CaseStatus) => request(`/api/cases?status=${status}`, z.object({ cases: z.array(caseSummarySchema) })),
    getCase: (id: string) => request(`/api/cases/${id}`, caseDetailSchema),
    acceptCase: (id: string) => request(`/api/cases/${id}/accept`, z.object({ case: caseSchema }), json({})),
    completeCase: (id: string, result: string) =>
      request(`/api/cases/${id}/complete`, z.object({ case: caseSchema }), json({ result })),
    returnCase: (id: string, body: ReturnRequest) =>
      request(`/api/cases/${id}/return`, z.object({ case: caseSchema }), json(body)),
    listConflicts: () => request('/api/conflicts', conflictListSchema),
    getCalendar: (year?: number) => request(`/api/calendar${year ? `?year=${year}` : ''}`, calendarListSchema),
    addCalendarEntry: (entry: CalendarEntry) =>
      request('/api/calendar/entries', z.object({ entry: calendarEntrySchema }), json(entry)),
    removeCalendarEntry: (date: string) =>
      request(`/api/calendar/entries/${date}`, z.object({ ok: z.literal(true) }), { method: 'DELETE' }),
    listSpotChecks: () => request('/api/spot-checks', spotCheckListSchema),
    getSpotCheck: (id: string) => request(`/api/spot-checks/${id}`, z.object({ spotCheck: spotCheckSchema })),
    drawSpotCheck: (body: DrawSpotCheckRequest) =>
      request('/api/spot-checks', z.object({ spotCheck: spotCheckSchema }), json(body)),
    recordSpotCheck: (id: string, caseId: string, body: RecordSpotCheckRequest) =>
      request(`/api/spot-checks/${id}/items/${caseId}`, z.object({ spotCheck: spotCheckSchema }), {
        method: 'PUT',
        body: JSON.stringify(body),
      }),
    restoreConflict: (id: string) =>
      request(`/api/conflicts/${id}/restore`, z.object({ conflict: conflictSchema, case: caseSchema }), json({})),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

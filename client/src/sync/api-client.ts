import {
  type Attachment,
  accountListingSchema,
  accountListSchema,
  blobBatchResponseSchema,
  blobStatusSchema,
  type CalendarEntry,
  type CaseListQuery,
  type ConfirmHandoverRequest,
  type CreateAccountRequest,
  type CreateServiceItemRequest,
  type CreateTownshipAdminRequest,
  type CreateTownshipRequest,
  type CreateVillageRequest,
  calendarEntrySchema,
  calendarListSchema,
  caseDetailSchema,
  caseListPageSchema,
  caseSchema,
  conflictListSchema,
  conflictSchema,
  countyItemHistorySchema,
  countyMonthlyReportSchema,
  countyOverviewSchema,
  countyTownshipSchema,
  createVillageResponseSchema,
  DEVICE_CLOCK_HEADER,
  type DrawSpotCheckRequest,
  deviceListSchema,
  type EditServiceItemRequest,
  type EnrolRequest,
  type ErrorReason,
  enrolmentCodeSchema,
  errorBodySchema,
  followupListSchema,
  followupSchema,
  handoverDetailSchema,
  handoverSchema,
  handoverSummarySchema,
  healthSchema,
  keyShareSchema,
  type LoginRequest,
  ledgerCheckSchema,
  type Mutation,
  monthlyReportSchema,
  type PasswordChange,
  type PasswordConfirm,
  type PinRegistration,
  type PinUnlock,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  PULL_CURSOR_HEADER,
  PULL_GZIP_TYPE,
  PULL_MORE_HEADER,
  photoBatchRequest,
  pushResponseSchema,
  type RecordSpotCheckRequest,
  type ReturnRequest,
  revokeDeviceResponseSchema,
  serviceItemHistorySchema,
  serviceItemListSchema,
  serviceItemSchema,
  sessionSchema,
  spotCheckListSchema,
  spotCheckSchema,
  townshipAdminSchema,
  villageListSchema,
} from '@daiban/schemas';
import { type ZodType, z } from 'zod';
import { parseJson } from './json-body.ts';
import { createPulledPageParser, type PulledPage } from './pulled-page-parser.ts';

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

/** Where the next pull starts, and whether there is one, as a pull answer's headers tell. */
export interface NextPage {
  cursor: number;
  hasMore: boolean;
}

/** The server could not be reached (no network, VPN down, timeout). */
export class NetworkError extends Error {}

const JSON_TIMEOUT_MS = 20_000;
/**
 * The performance measure of checking each pulled page, from its body read to the page checked (in the
 * worker, waiting there included): the first sync's time split, bench/pull.ts.
 */
export const PULL_PARSE_MEASURE = 'daiban:pull:parse';
/** One chunk over a 0.5 Mbit/s link takes about 10 s. */
const CHUNK_TIMEOUT_MS = 60_000;

/**
 * The only module that calls fetch. Every response body is checked against the shared
 * schema, so a server that speaks another protocol fails loudly here, not deep in the UI.
 */
export function createApiClient(options: { baseUrl?: string; token: () => Promise<string | undefined> }) {
  const base = options.baseUrl ?? '';
  const parsePulledPage = createPulledPageParser();

  /** Sends a request and turns a refusal into a ServerError and an unreachable server into a NetworkError. */
  async function send(path: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    const token = await options.token();
    const headers = new Headers(init.headers);
    headers.set(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    // The tablet's own clock, so the township sees a tablet whose clock is wrong.
    headers.set(DEVICE_CLOCK_HEADER, String(Date.now()));
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (typeof init.body === 'string') headers.set('content-type', 'application/json');
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { ...init, headers, cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new NetworkError(error instanceof Error ? error.message : String(error));
    }
    if (!res.ok) {
      const parsed = errorBodySchema.safeParse(await res.json().catch(() => null));
      if (parsed.success) throw new ServerError(res.status, parsed.data.error.reason, parsed.data.error.message);
      throw new ServerError(res.status, res.status >= 500 ? 'internal' : 'bad_request', `HTTP ${res.status}`);
    }
    return res;
  }

  async function request<T>(path: string, schema: ZodType<T>, init: RequestInit = {}, timeoutMs = JSON_TIMEOUT_MS): Promise<T> {
    return schema.parse(parseJson(await (await send(path, init, timeoutMs)).text()));
  }

  /**
   * A pulled page, with its body as it came (the tablet stores a full page as it came: record-pages.ts).
   * `onNext` hears the next cursor from the answer's headers, before the body is read.
   */
  async function pull(cursor: number, limit: number, onNext?: (next: NextPage) => void): Promise<PulledPage> {
    const res = await send(
      `/api/sync/pull?cursor=${cursor}&limit=${limit}`,
      { headers: { accept: PULL_GZIP_TYPE } },
      JSON_TIMEOUT_MS,
    );
    const next = res.headers.get(PULL_CURSOR_HEADER);
    const more = res.headers.get(PULL_MORE_HEADER);
    if (next !== null && more !== null) onNext?.({ cursor: Number(next), hasMore: more === '1' });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const start = performance.now();
    const pulled = await parsePulledPage(bytes, res.headers.get('content-type') === PULL_GZIP_TYPE);
    performance.measure(PULL_PARSE_MEASURE, { start });
    return pulled;
  }

  /** A file the server makes or keeps (a photo, an export), as a Blob. */
  async function download(path: string): Promise<Blob> {
    return (await send(path, {}, CHUNK_TIMEOUT_MS)).blob();
  }

  const json = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

  return {
    health: () => request('/api/health', healthSchema, {}, 8_000),
    login: (body: LoginRequest) => request('/api/auth/login', sessionSchema, json(body)),
    enrol: (body: EnrolRequest) => request('/api/auth/enrol', sessionSchema, json(body)),
    changePassword: (body: PasswordChange) => request('/api/auth/password', z.object({ ok: z.literal(true) }), json(body)),
    confirmPassword: (body: PasswordConfirm) => request('/api/auth/confirm', z.object({ ok: z.literal(true) }), json(body)),
    goodbye: () => request('/api/auth/goodbye', z.object({ ok: z.literal(true) }), json({})),
    registerPin: (body: PinRegistration) => request('/api/auth/pin', keyShareSchema, json(body)),
    unlockWithPin: (body: PinUnlock) => request('/api/auth/unlock', keyShareSchema, json(body)),
    listDevices: () => request('/api/devices', deviceListSchema),
    revokeDevice: (id: string) => request(`/api/devices/${id}/revoke`, revokeDeviceResponseSchema, json({})),
    listAccounts: () => request('/api/accounts', accountListSchema),
    createAccount: (body: CreateAccountRequest) =>
      request('/api/accounts', z.object({ account: accountListingSchema }), json(body)),
    disableAccount: (id: string) => request(`/api/accounts/${id}/disable`, z.object({ account: accountListingSchema }), json({})),
    issueEnrolmentCode: (id: string) => request(`/api/accounts/${id}/enrolment-code`, enrolmentCodeSchema, json({})),
    verifyLedger: () => request('/api/ledger/verify', ledgerCheckSchema),
    listFollowups: () => request('/api/followups', followupListSchema),
    closeFollowup: (id: string, resolution: string) =>
      request(`/api/followups/${id}/close`, z.object({ followup: followupSchema }), json({ resolution })),
    /** `body` may be encoded ahead (`encodePush`), while the server is still busy with the batch before. */
    push: async (mutations: Mutation[], body = encodePush(mutations.map((m) => JSON.stringify(m)))) =>
      request('/api/sync/push', pushResponseSchema, {
        method: 'POST',
        body: await body,
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      }),
    pull,
    blobStatus: (sha256: string) => request(`/api/blobs/${sha256}/status`, blobStatusSchema),
    putChunk: (sha256: string, chunk: Blob, offset: number, total: number, mime: string) =>
      request(
        `/api/blobs/${sha256}/chunks?offset=${offset}&total=${total}`,
        blobStatusSchema,
        { method: 'PUT', body: chunk, headers: { 'content-type': mime } },
        CHUNK_TIMEOUT_MS,
      ),
    /** Whole photos, each fitting in one chunk, in one request; answered photo by photo, in order. */
    putBlobs: (photos: { sha256: string; bytes: Uint8Array<ArrayBuffer>; mime: string }[]) => {
      // One buffer, not a Blob: a Blob's bytes go through the browser's blob store on their way out.
      const { body, headers } = photoBatchRequest(photos);
      return request('/api/blobs/batch', blobBatchResponseSchema, { method: 'POST', body, headers }, CHUNK_TIMEOUT_MS);
    },
    getBlob: (sha256: string) => download(`/api/blobs/${sha256}`),
    /** One page of the township's case list; `query.after` is the `next` of the page before. */
    listCases: (query: CaseListQuery) => {
      const params = Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]));
      return request(`/api/cases?${new URLSearchParams(params)}`, caseListPageSchema);
    },
    listVillages: () => request('/api/villages', villageListSchema),
    createVillage: (body: CreateVillageRequest) => request('/api/villages', createVillageResponseSchema, json(body)),
    getCase: (id: string) => request(`/api/cases/${id}`, caseDetailSchema),
    acceptCase: (id: string, missingAcknowledged: boolean) =>
      request(
        `/api/cases/${id}/accept`,
        z.object({ case: caseSchema }),
        json(missingAcknowledged ? { missingAcknowledged } : {}),
      ),
    completeCase: (id: string, result: string, attachments: Attachment[]) =>
      request(`/api/cases/${id}/complete`, z.object({ case: caseSchema }), json({ result, attachments })),
    rejectCase: (id: string, reason: string) =>
      request(`/api/cases/${id}/reject`, z.object({ case: caseSchema }), json({ reason })),
    returnCase: (id: string, body: ReturnRequest) =>
      request(`/api/cases/${id}/return`, z.object({ case: caseSchema }), json(body)),
    listHandovers: () => request('/api/handovers', z.object({ handovers: z.array(handoverSummarySchema) })),
    getHandover: (id: string) => request(`/api/handovers/${id}`, handoverDetailSchema),
    confirmHandover: (id: string, body: ConfirmHandoverRequest) =>
      request(`/api/handovers/${id}/confirm`, z.object({ handover: handoverSchema }), json(body)),
    listCatalog: () => request('/api/catalog', serviceItemListSchema),
    getCatalogItem: (code: string) => request(`/api/catalog/${code}`, serviceItemHistorySchema),
    createCatalogItem: (body: CreateServiceItemRequest) =>
      request('/api/catalog', z.object({ item: serviceItemSchema }), json(body)),
    editCatalogItem: (code: string, body: EditServiceItemRequest) =>
      request(`/api/catalog/${code}`, z.object({ item: serviceItemSchema }), { method: 'PUT', body: JSON.stringify(body) }),
    followCountyItem: (code: string) =>
      request(`/api/catalog/${code}/follow-county`, z.object({ item: serviceItemSchema }), json({})),
    countyOverview: () => request('/api/county', countyOverviewSchema),
    createTownship: (body: CreateTownshipRequest) =>
      request('/api/county/townships', z.object({ township: countyTownshipSchema }), json(body)),
    createTownshipAdmin: (townshipId: string, body: CreateTownshipAdminRequest) =>
      request(`/api/county/townships/${townshipId}/admins`, z.object({ admin: townshipAdminSchema }), json(body)),
    listCountyCatalog: () => request('/api/county/catalog', serviceItemListSchema),
    getCountyItem: (code: string) => request(`/api/county/catalog/${code}`, countyItemHistorySchema),
    createCountyItem: (body: CreateServiceItemRequest) =>
      request('/api/county/catalog', z.object({ item: serviceItemSchema }), json(body)),
    editCountyItem: (code: string, body: EditServiceItemRequest) =>
      request(`/api/county/catalog/${code}`, z.object({ item: serviceItemSchema }), {
        method: 'PUT',
        body: JSON.stringify(body),
      }),
    countyMonthlyReport: (month: string) =>
      request(`/api/county/reports/monthly?month=${month}`, z.object({ report: countyMonthlyReportSchema })),
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
    monthlyReport: (month: string) => request(`/api/reports/monthly?month=${month}`, z.object({ report: monthlyReportSchema })),
    reportCsv: (month: string) => download(`/api/reports/monthly.csv?month=${month}`),
    reportXlsx: (month: string) => download(`/api/reports/monthly.xlsx?month=${month}`),
    countyReportCsv: (month: string) => download(`/api/county/reports/monthly.csv?month=${month}`),
    countyReportXlsx: (month: string) => download(`/api/county/reports/monthly.xlsx?month=${month}`),
    restoreConflict: (id: string) =>
      request(`/api/conflicts/${id}/restore`, z.object({ conflict: conflictSchema, case: caseSchema }), json({})),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/**
 * A push batch's body, from each mutation's JSON (the sync engine measures them before it sends). It is
 * repetitive JSON: gzipped it crosses a slow village link in a fraction of the time. Bytes, not a Blob:
 * a Blob's bytes go through the browser's blob store on their way out.
 */
export function encodePush(mutationsJson: string[]): Promise<ArrayBuffer> {
  const json = new Response(`{"mutations":[${mutationsJson.join(',')}]}`).body!;
  return new Response(json.pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BLOB_CHUNK_BYTES,
  type BlobStatus,
  chinaDate,
  MAX_ATTACHMENT_BYTES,
  type PullResponse,
  type PushResponse,
  type Session,
} from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileBlobStore } from '../sync/blob-store.ts';
import { ABANDONED_UPLOAD_MS, dropAbandonedUploads, dropUnreferencedBlobs, UNREFERENCED_BLOB_MS } from '../sync/blob-upload.ts';
import { photo, sha, storedFiles as storedBlobFiles } from '../testing/blob-files.ts';
import { FakeTablet } from '../testing/fixtures.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let token: string;
beforeEach(async () => {
  server = await startTestServer();
  token = (await server.login('dxg-agent')).token;
});
afterEach(() => server.close());

const storedFiles = () => storedBlobFiles(server.dataDir);

function putChunk(hash: string, bytes: Uint8Array<ArrayBuffer>, offset: number, total: number, type = 'image/jpeg') {
  return server.api(`/api/blobs/${hash}/chunks?offset=${offset}&total=${total}`, {
    method: 'PUT',
    token,
    body: bytes.slice(offset, offset + BLOB_CHUNK_BYTES),
    headers: { 'content-type': type },
  });
}

async function status(hash: string): Promise<BlobStatus> {
  return (await (await server.api(`/api/blobs/${hash}/status`, { token })).json()) as BlobStatus;
}

const reasonOf = async (res: Response) => ((await res.json()) as { error: { reason: string; message: string } }).error;

/** A case of `agent`'s village whose first material shows the photo `hash`. */
async function caseShowing(agent: Session, hash: string, size: number) {
  const tablet = new FakeTablet(agent, server.now);
  const item = ((await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse).serviceItems[0]!;
  const applicant = tablet.applicant();
  const opened = tablet.openedCase(applicant, item);
  const key = opened.materials[0]!.key;
  opened.materials[0] = {
    ...opened.materials[0]!,
    status: 'collected',
    attachments: [{ sha256: hash, size, mime: 'image/jpeg', addedAt: server.now().toISOString() }],
  };
  const res = await server.api('/api/sync/push', {
    method: 'POST',
    token: agent.token,
    body: JSON.stringify({
      mutations: [tablet.mutation('applicant.register', applicant), tablet.mutation('case.open', opened)],
    }),
  });
  const results = ((await res.json()) as { results: { outcome: string; reason?: string }[] }).results;
  return { results, caseId: opened.id, key, tablet };
}

describe('resumable, content-addressed blob upload', () => {
  it('assembles a photo from chunks, verifies it and stores it once however often it is sent', async () => {
    const bytes = photo(BLOB_CHUNK_BYTES * 2 + 1000);
    const hash = sha(bytes);
    for (let offset = 0; offset < bytes.length; offset += BLOB_CHUNK_BYTES) {
      expect((await putChunk(hash, bytes, offset, bytes.length)).status).toBe(200);
    }
    expect(await status(hash)).toEqual({ sha256: hash, size: bytes.length, received: bytes.length, complete: true });
    const again = await putChunk(hash, bytes, 0, bytes.length);
    expect(((await again.json()) as BlobStatus).complete).toBe(true);
    expect(storedFiles()).toHaveLength(1);
  });

  it('resumes after a drop from what the server has, sending no byte twice', async () => {
    const bytes = photo(BLOB_CHUNK_BYTES * 3);
    const hash = sha(bytes);
    await putChunk(hash, bytes, 0, bytes.length);
    await putChunk(hash, bytes, BLOB_CHUNK_BYTES, bytes.length);
    // The link drops here. Later the tablet asks what arrived and continues.
    const resumeAt = (await status(hash)).received;
    expect(resumeAt).toBe(BLOB_CHUNK_BYTES * 2);
    expect((await status(hash)).complete).toBe(false);
    await putChunk(hash, bytes, resumeAt, bytes.length);
    expect((await status(hash)).complete).toBe(true);
  });

  it('answers a chunk at the wrong offset with 409 and where to resume', async () => {
    const bytes = photo(BLOB_CHUNK_BYTES + 10);
    const hash = sha(bytes);
    const res = await putChunk(hash, bytes, BLOB_CHUNK_BYTES, bytes.length);
    expect(res.status).toBe(409);
    expect((await reasonOf(res)).message).toMatch(/resume at byte 0/);
  });

  it('refuses bytes that do not match the hash, and keeps nothing', async () => {
    const bytes = photo(1000);
    const res = await putChunk(sha(photo(999)), bytes, 0, bytes.length);
    expect(res.status).toBe(400);
    expect((await reasonOf(res)).reason).toBe('hash_mismatch');
    expect(storedFiles()).toHaveLength(0);
    expect(await status(sha(photo(999)))).toMatchObject({ received: 0, complete: false });
    expect(await server.db.get('SELECT COUNT(*) AS n FROM blobs')).toEqual({ n: 0 });
  });

  it('stores a photo sent whole in one chunk at once, and refuses a multi-chunk upload that does not match its hash', async () => {
    const small = photo(300_000);
    const res = await putChunk(sha(small), small, 0, small.length);
    expect(await res.json()).toEqual({ sha256: sha(small), size: small.length, received: small.length, complete: true });
    expect(await server.db.get('SELECT COUNT(*) AS n FROM blob_uploads')).toEqual({ n: 0 });

    const large = photo(BLOB_CHUNK_BYTES + 500);
    const wrong = sha(photo(BLOB_CHUNK_BYTES + 499));
    expect((await putChunk(wrong, large, 0, large.length)).status).toBe(200);
    const last = await putChunk(wrong, large, BLOB_CHUNK_BYTES, large.length);
    expect(last.status).toBe(400);
    expect((await reasonOf(last)).reason).toBe('hash_mismatch');
    expect(await status(wrong)).toMatchObject({ received: 0, complete: false });
    expect(storedFiles()).toHaveLength(1);
  });

  it('writes a stored photo’s rows together: a failure at its owner leaves no row, and sending it again stores it', async () => {
    const run = server.db.run.bind(server.db);
    let failed = 0;
    server.db.run = async (sql, ...params) => {
      if (sql.startsWith('INSERT INTO blob_owners') && failed++ === 0) throw new Error('disk I/O error (injected)');
      return run(sql, ...params);
    };
    const small = photo(300_000);
    expect((await putChunk(sha(small), small, 0, small.length)).status).toBe(500);
    // Without its owner the blob row would make the photo unreadable to the tablet that sent it.
    expect(await server.db.get('SELECT COUNT(*) AS n FROM blobs')).toEqual({ n: 0 });
    expect(await (await putChunk(sha(small), small, 0, small.length)).json()).toMatchObject({ complete: true });
    expect(await server.db.get('SELECT COUNT(*) AS n FROM blob_owners')).toEqual({ n: 1 });
    expect(await status(sha(small))).toMatchObject({ received: small.length, complete: true });

    // Sent in chunks: the failed last chunk leaves no upload stuck at its end; it starts over from 0.
    failed = 0;
    const large = photo(BLOB_CHUNK_BYTES + 500);
    expect((await putChunk(sha(large), large, 0, large.length)).status).toBe(200);
    expect((await putChunk(sha(large), large, BLOB_CHUNK_BYTES, large.length)).status).toBe(500);
    expect(await status(sha(large))).toMatchObject({ received: 0, complete: false });
    expect((await putChunk(sha(large), large, 0, large.length)).status).toBe(200);
    expect(await (await putChunk(sha(large), large, BLOB_CHUNK_BYTES, large.length)).json()).toMatchObject({ complete: true });
    expect(await server.db.get('SELECT COUNT(*) AS n FROM blob_owners')).toEqual({ n: 2 });
  });

  it('refuses a declared size over the limit (400) and a chunk over the chunk size (413)', async () => {
    const bytes = photo(100);
    const tooBig = await server.api(`/api/blobs/${sha(bytes)}/chunks?offset=0&total=${MAX_ATTACHMENT_BYTES + 1}`, {
      method: 'PUT',
      token,
      body: bytes,
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(tooBig.status).toBe(400);
    const big = photo(BLOB_CHUNK_BYTES + 1);
    const bigChunk = await server.api(`/api/blobs/${sha(big)}/chunks?offset=0&total=${big.length}`, {
      method: 'PUT',
      token,
      body: big,
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(bigChunk.status).toBe(413);
    expect((await reasonOf(bigChunk)).reason).toBe('payload_too_large');
    expect(storedFiles()).toHaveLength(0);
  });

  it('refuses a malformed hash and an unsupported type with readable 4xx errors', async () => {
    const bytes = photo(10);
    expect((await putChunk('not-a-hash', bytes, 0, 10)).status).toBe(400);
    const badType = await putChunk(sha(bytes), bytes, 0, 10, 'text/html');
    expect(badType.status).toBe(415);
    expect((await reasonOf(badType)).message).toMatch(/JPEG/);
  });

  it('lets the uploading village read its photo back, and no other village', async () => {
    const bytes = photo(500);
    const hash = sha(bytes);
    await putChunk(hash, bytes, 0, bytes.length);
    expect((await server.api(`/api/blobs/${hash}`, { token })).status).toBe(200);
    const neighbour = await server.login('dnh-agent');
    expect((await server.api(`/api/blobs/${hash}`, { token: neighbour.token })).status).toBe(404);
  });
});

describe('abandoned uploads', () => {
  it('lose their partial bytes after a week; complete photos stay', async () => {
    const big = photo(BLOB_CHUNK_BYTES + 10);
    const half = sha(big);
    expect((await putChunk(half, big, 0, big.length)).status).toBe(200);
    const whole = photo(400);
    await putChunk(sha(whole), whole, 0, whole.length);
    const blobDir = join(server.dataDir, 'blobs');
    const store = new FileBlobStore(blobDir);
    const started = server.now();
    expect(await dropAbandonedUploads(server.db, store, new Date(started.getTime() + ABANDONED_UPLOAD_MS - 60_000))).toBe(0);
    expect(await status(half)).toMatchObject({ received: BLOB_CHUNK_BYTES });
    expect(await dropAbandonedUploads(server.db, store, new Date(started.getTime() + ABANDONED_UPLOAD_MS + 60_000))).toBe(1);
    expect(await status(half)).toMatchObject({ received: 0, complete: false });
    expect(existsSync(join(blobDir, 'tmp', `${half}.part`))).toBe(false);
    expect(await status(sha(whole))).toMatchObject({ complete: true });
  });
});

describe('photos belong to the village that uploaded them', () => {
  it('refuses another village’s reference to a photo it never uploaded, and tells it nothing about the photo', async () => {
    const owner = await server.login('dxg-agent');
    const bytes = photo(3000);
    const hash = sha(bytes);
    await putChunk(hash, bytes, 0, bytes.length);
    expect((await caseShowing(owner, hash, bytes.length)).results.map((r) => r.outcome)).toEqual(['applied', 'applied']);

    const intruder = await server.login('dnh-agent');
    const tried = await caseShowing(intruder, hash, bytes.length);
    expect(tried.results.map((r) => r.reason ?? r.outcome)).toEqual(['applied', 'forbidden']);
    expect((await server.api(`/api/blobs/${hash}`, { token: intruder.token })).status).toBe(404);
    const seen = (await (await server.api(`/api/blobs/${hash}/status`, { token: intruder.token })).json()) as BlobStatus;
    expect(seen).toEqual({ sha256: hash, size: 0, received: 0, complete: false });
    // The township sees it; so does the village's other tablet.
    const supervisor = await server.login('supervisor');
    expect((await server.api(`/api/blobs/${hash}`, { token: supervisor.token })).status).toBe(200);
    expect((await server.api(`/api/blobs/${hash}`, { token: (await server.login('dxg-agent-b')).token })).status).toBe(200);
  });

  it('lets a village that sends the same bytes itself (chunk by chunk, each checked) use the photo', async () => {
    const bytes = photo(BLOB_CHUNK_BYTES + 1000);
    const hash = sha(bytes);
    for (const offset of [0, BLOB_CHUNK_BYTES]) expect((await putChunk(hash, bytes, offset, bytes.length)).status).toBe(200);
    const other = await server.login('dnh-agent');
    const send = (offset: number, body: Uint8Array<ArrayBuffer>) =>
      server.api(`/api/blobs/${hash}/chunks?offset=${offset}&total=${bytes.length}`, {
        method: 'PUT',
        token: other.token,
        body,
        headers: { 'content-type': 'image/jpeg' },
      });
    const forged = bytes.slice(0, BLOB_CHUNK_BYTES).fill(7);
    expect((await reasonOf(await send(0, forged))).reason).toBe('hash_mismatch');
    expect((await send(0, bytes.slice(0, BLOB_CHUNK_BYTES))).status).toBe(200);
    const last = (await (await send(BLOB_CHUNK_BYTES, bytes.slice(BLOB_CHUNK_BYTES))).json()) as BlobStatus;
    expect(last.complete).toBe(true);
    expect((await caseShowing(other, hash, bytes.length)).results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    expect((await server.api(`/api/blobs/${hash}`, { token: other.token })).status).toBe(200);
    expect(storedFiles()).toHaveLength(1);
  });
});

describe('the per-device quota of uploaded bytes no case references yet', () => {
  const QUOTA = 1_000_000;
  beforeEach(async () => {
    await server.close();
    server = await startTestServer({ unreferencedBlobQuota: QUOTA });
    token = (await server.login('dxg-agent')).token;
  });

  const blobCount = async () => ((await server.db.get('SELECT COUNT(*) AS n FROM blobs')) as { n: number }).n;
  const uploadCount = async () => ((await server.db.get('SELECT COUNT(*) AS n FROM blob_uploads')) as { n: number }).n;

  it('refuses a new upload past the quota with 429 blob_quota_exceeded, counting finished and unfinished uploads, and keeps nothing of it', async () => {
    const finished = photo(400_000);
    expect((await putChunk(sha(finished), finished, 0, finished.length)).status).toBe(200);
    // Declared 534,288 bytes, one chunk sent: the whole declared size counts until the upload ends.
    const unfinished = photo(BLOB_CHUNK_BYTES + 10_000);
    expect((await putChunk(sha(unfinished), unfinished, 0, unfinished.length)).status).toBe(200);

    const small = photo(100_000);
    const refused = await putChunk(sha(small), small, 0, small.length);
    expect(refused.status).toBe(429);
    const error = await reasonOf(refused);
    expect(error.reason).toBe('blob_quota_exceeded');
    expect(error.message).toMatch(/quota of 1\.0 MiB: push the cases that use them first/);
    expect(error.message).toMatch(/请先同步/);
    const big = photo(BLOB_CHUNK_BYTES + 20_000);
    expect((await putChunk(sha(big), big, 0, big.length)).status).toBe(429);
    expect(await status(sha(small))).toMatchObject({ received: 0, complete: false });
    expect(await status(sha(big))).toMatchObject({ received: 0, complete: false });
    expect([await blobCount(), await uploadCount(), storedFiles().length]).toEqual([1, 1, 1]);

    // The upload under way is not a new one: it finishes.
    expect(
      ((await (await putChunk(sha(unfinished), unfinished, BLOB_CHUNK_BYTES, unfinished.length)).json()) as BlobStatus).complete,
    ).toBe(true);
    // The quota is the device's: the village's other tablet still uploads.
    const other = await server.login('dxg-agent-b');
    const res = await server.api(`/api/blobs/${sha(small)}/chunks?offset=0&total=${small.length}`, {
      method: 'PUT',
      token: other.token,
      body: small,
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(res.status).toBe(200);
  });

  it('stops counting a photo once a pushed case references it, and never counts one whose case was pushed first', async () => {
    const first = photo(450_000);
    const second = photo(300_000);
    for (const bytes of [first, second]) expect((await putChunk(sha(bytes), bytes, 0, bytes.length)).status).toBe(200);
    const third = photo(300_001);
    expect((await putChunk(sha(third), third, 0, third.length)).status).toBe(429);

    const pushed = async (bytes: Uint8Array) =>
      (await caseShowing(await server.login('dxg-agent'), sha(bytes), bytes.length)).results.map((r) => r.outcome);
    expect(await pushed(first)).toEqual(['applied', 'applied']);
    expect((await putChunk(sha(third), third, 0, third.length)).status).toBe(200);

    // 600,001 bytes count now. The usual order: the case is pushed, then its photo goes up.
    const fourth = photo(500_000);
    expect(await pushed(fourth)).toEqual(['applied', 'applied']);
    expect((await putChunk(sha(fourth), fourth, 0, fourth.length)).status).toBe(200);
    const fifth = photo(450_001);
    expect((await putChunk(sha(fifth), fifth, 0, fifth.length)).status).toBe(429);
    // The flag the quota reads first agrees with the references, whichever came first.
    const flags = (await server.db.all(
      `SELECT referenced, EXISTS (SELECT 1 FROM case_blobs cb WHERE cb.sha256 = b.sha256) AS "byCase" FROM blobs b ORDER BY size`,
    )) as { referenced: number; byCase: number }[];
    expect(flags.map((f) => f.referenced)).toEqual([0, 0, 1, 1]);
    expect(flags.map((f) => f.byCase)).toEqual([0, 0, 1, 1]);
  });

  it('counts parallel uploads of one device together, so they cannot pass the quota at once', async () => {
    const photos = Array.from({ length: 8 }, (_, i) => photo(300_000 + i));
    const answers = await Promise.all(photos.map((bytes) => putChunk(sha(bytes), bytes, 0, bytes.length)));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(3);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(5);
    expect(storedFiles()).toHaveLength(3);
  });
});

describe('blobs no case ever referenced', () => {
  it('go 30 days after they were stored; a referenced photo and a younger unreferenced one stay', async () => {
    const stored = server.now();
    const unused = photo(2000);
    const used = photo(3000);
    for (const bytes of [unused, used]) expect((await putChunk(sha(bytes), bytes, 0, bytes.length)).status).toBe(200);
    const agent = await server.login('dxg-agent');
    expect((await caseShowing(agent, sha(used), used.length)).results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    const blobDir = join(server.dataDir, 'blobs');
    const store = new FileBlobStore(blobDir);

    expect(await dropUnreferencedBlobs(server.db, store, new Date(stored.getTime() + UNREFERENCED_BLOB_MS - 60_000))).toBe(0);
    expect(storedFiles()).toHaveLength(2);
    expect(await dropUnreferencedBlobs(server.db, store, new Date(stored.getTime() + UNREFERENCED_BLOB_MS + 60_000))).toBe(1);

    expect(storedFiles().map((f) => f.name)).toEqual([sha(used)]);
    expect((await server.api(`/api/blobs/${sha(unused)}`, { token })).status).toBe(404);
    expect(await status(sha(unused))).toEqual({ sha256: sha(unused), size: 0, received: 0, complete: false });
    expect(await server.db.get('SELECT COUNT(*) AS n FROM blob_owners WHERE sha256 = ?', sha(unused))).toEqual({ n: 0 });
    const kept = await server.api(`/api/blobs/${sha(used)}`, { token });
    expect(kept.status).toBe(200);
    expect(new Uint8Array(await kept.arrayBuffer())).toEqual(used);
    // Sent again, the dropped photo is stored afresh.
    expect(((await (await putChunk(sha(unused), unused, 0, unused.length)).json()) as BlobStatus).complete).toBe(true);
  });

  it('keep a home visit’s consent signature, which no case references', async () => {
    const signature = photo(1500);
    expect((await putChunk(sha(signature), signature, 0, signature.length, 'image/png')).status).toBe(200);
    const tablet = new FakeTablet(await server.login('dxg-agent'), server.now);
    const applicant = tablet.applicant();
    const now = server.now().toISOString();
    const visit = {
      id: crypto.randomUUID(),
      villageId: tablet.villageId,
      applicantId: applicant.id,
      plannedFor: chinaDate(server.now()),
      address: '大西港村3组12号',
      status: 'planned' as const,
      createdAt: now,
      updatedAt: now,
    };
    const consent = { sha256: sha(signature), size: signature.length, mime: 'image/png' as const, addedAt: now };
    const res = await server.api('/api/sync/push', {
      method: 'POST',
      token: tablet.session.token,
      body: JSON.stringify({
        mutations: [
          tablet.mutation('applicant.register', applicant),
          tablet.mutation('visit.plan', visit),
          tablet.mutation('visit.record', { visitId: visit.id, visitedAt: now, present: '本人', consent }),
        ],
      }),
    });
    expect(((await res.json()) as PushResponse).results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
    const later = new Date(server.now().getTime() + UNREFERENCED_BLOB_MS + 3600_000);
    expect(await dropUnreferencedBlobs(server.db, new FileBlobStore(join(server.dataDir, 'blobs')), later)).toBe(0);
    expect(storedFiles()).toHaveLength(1);
  });
});

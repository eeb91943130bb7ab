// Photos uploaded by the real client through the shaped village link (2 Mbit/s each way, 200 ms
// round trip, 1 % of connections cut mid-transfer): how much of the link the upload uses, and how
// many photo bytes crossed it twice.
// First: Dexie takes the IndexedDB it finds when it loads, and the client modules below load it.
import 'fake-indexeddb/auto';
import { uploadBlobs } from '../client/src/sync/photo-upload.ts';
import { checkServer, pushOutbox } from '../client/src/sync/sync-engine.ts';
import { makePhotos, photoBytes } from './comparison-workload.ts';
import { startTownship } from './daiban-tablet.ts';
import { recordIntakes, retryCutConnections } from './daiban-workload.ts';
import { VILLAGE_LINK } from './link-proxy.ts';

export type BlobLinkResult = {
  blob_link_efficiency: number;
  blob_resent_fraction: number;
  blob_link_seconds: number;
  blob_link_cut_requests: number;
};

export async function benchBlobLink(photoCount = 30): Promise<BlobLinkResult> {
  const township = await startTownship(VILLAGE_LINK);
  try {
    const photos = makePhotos(photoCount);
    const [tablet] = await recordIntakes(township, photoCount, photos);
    if (!tablet) throw new Error('no tablet');
    await retryCutConnections(async () => {
      await checkServer(tablet.db, tablet.api);
      await pushOutbox(tablet.db, tablet.api);
    });
    township.proxy.reset();
    const started = performance.now();
    await retryCutConnections(() => uploadBlobs(tablet.db, tablet.api));
    const seconds = (performance.now() - started) / 1000;
    const payload = photoBytes(photos);
    await tablet.db.delete();
    return {
      blob_link_efficiency: round(payload / (VILLAGE_LINK.bytesPerSecond * seconds)),
      blob_resent_fraction: round(township.proxy.counts.resent / payload),
      blob_link_seconds: round(seconds),
      blob_link_cut_requests: township.proxy.counts.cut,
    };
  } finally {
    await township.close();
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

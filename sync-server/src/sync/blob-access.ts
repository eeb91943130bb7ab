import { blobOwners, type Db, getVillage, type Principal, type PushBatch, villagesReferencingBlob } from '../db/index.ts';
import { Refusal } from './refusal.ts';

/** The owner a device's uploads are recorded for: its village, or the township for staff. */
export function ownerOf(who: Principal): string {
  return who.villageId ?? who.townshipId;
}

/**
 * Who may read a blob: the villages that uploaded it (or proved they hold its bytes), the township
 * of any of them, and a village whose case carries a document its township attached. Knowing the
 * SHA-256 alone gives nothing.
 */
export async function mayReadBlob(db: Db, who: Principal, sha256: string): Promise<boolean> {
  const owners = await blobOwners(db, sha256);
  if (who.villageId) {
    if (owners.includes(who.villageId)) return true;
    return owners.includes(who.townshipId) && (await villagesReferencingBlob(db, sha256)).includes(who.villageId);
  }
  for (const owner of owners) {
    if (owner === who.townshipId || (await getVillage(db, owner))?.townshipId === who.townshipId) return true;
  }
  return false;
}

/**
 * A village may reference only blobs it uploaded, or blobs nobody has uploaded yet (its own
 * photos go up after the records that name them). A blob stored or being uploaded for another
 * village is refused: referencing it would make it readable.
 */
export async function refuseForeignBlobs(batch: PushBatch, villageId: string, sha256s: Iterable<string>): Promise<void> {
  for (const sha256 of sha256s) {
    const owners = await batch.blobOwners(sha256);
    const uploading = await batch.uploadOwner(sha256);
    const foreign = owners.length > 0 ? !owners.includes(villageId) : !!uploading && uploading !== villageId;
    if (foreign) throw new Refusal('forbidden', '该照片由其他村上传，不能引用，请重新拍摄 (blob uploaded by another village)');
  }
}

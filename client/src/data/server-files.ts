import type { Attachment } from '@daiban/schemas';
import { uploadBlob } from '../sync/photo-upload.ts';
import { describeFile } from './attachments.ts';
import { api } from './services.ts';

/** Uploads a document the township attaches (online), after the same checks as a tablet's photo. */
export async function uploadServerFile(file: File): Promise<Attachment> {
  const attachment = await describeFile(file, new Date());
  await uploadBlob(api, { ...attachment, blob: file });
  return attachment;
}

/**
 * Fetches a document the server keeps (the township's 办结 documents) for viewing: an object URL
 * the caller revokes. Needs the network; offline it fails with a NetworkError.
 */
export async function openServerFile(sha256: string): Promise<string> {
  return URL.createObjectURL(await api.getBlob(sha256));
}

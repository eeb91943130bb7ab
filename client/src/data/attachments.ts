import { type Attachment, attachmentMimeSchema, MAX_ATTACHMENT_BYTES } from '@daiban/schemas';
import { CommandError } from './errors.ts';

export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Checks a chosen file and describes it as an attachment (hashing happens outside any transaction),
 * added `at` (the server-corrected time on a tablet).
 */
export async function describeFile(file: Blob, at: Date): Promise<Attachment> {
  const mime = attachmentMimeSchema.safeParse(file.type);
  if (!mime.success) throw new CommandError('error.fileType', 'invalid');
  if (file.size === 0) throw new CommandError('error.fileEmpty', 'invalid');
  if (file.size > MAX_ATTACHMENT_BYTES) {
    throw new CommandError('error.fileTooLarge', 'too_large', {
      size: (file.size / 1048576).toFixed(1),
      max: MAX_ATTACHMENT_BYTES / 1048576,
    });
  }
  return { sha256: await sha256Hex(file), size: file.size, mime: mime.data, addedAt: at.toISOString() };
}

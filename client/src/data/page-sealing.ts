import { gcm } from '@noble/ciphers/aes.js';
import { gunzipSync } from 'fflate';
import { VaultLockedError, type VaultState } from './sealing.ts';

/**
 * A pulled page as the server sent it (JSON, UTF-8, gzipped since the server sends it so): sealed as it
 * arrives, outside any transaction, with AES-GCM under the vault's page key (WebCrypto, off the main
 * thread); left as it is in a browser that seals nothing (the township's). Stored whole, so the first
 * sync neither serialises nor encodes again.
 */
export interface StoredPage {
  bytes: Uint8Array;
  /** 1 when `bytes` is sealed: AES-GCM's IV, then the ciphertext with its tag. */
  sealed?: 1;
  /** 1 when the (opened) bytes are gzipped; pages stored before the server sent gzip are plain JSON. */
  gzip?: 1;
}

/** A page as stored: its number (the order pages were written in), and its body. */
export interface RecordPage extends StoredPage {
  id: number;
}

const IV_BYTES = 12;

/** Seals a pulled page's body for storing (the vault must be open on a tablet that has one). */
export async function sealPage(vault: VaultState, bytes: Uint8Array<ArrayBuffer>, gzip: boolean): Promise<StoredPage> {
  const key = vault.pageKey;
  const format = gzip ? { gzip: 1 as const } : {};
  if (!key) {
    if (vault.sealed) throw new VaultLockedError();
    return { bytes, ...format };
  }
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key.crypto, bytes));
  const stored = new Uint8Array(IV_BYTES + sealed.length);
  stored.set(iv);
  stored.set(sealed, IV_BYTES);
  return { bytes: stored, sealed: 1, ...format };
}

const utf8 = new TextDecoder();

/**
 * A stored page's body as JSON, opened synchronously inside the transaction that read it (a promise
 * would end it): @noble/ciphers for AES-GCM, fflate for gzip.
 */
export function openPage(vault: VaultState, page: RecordPage): Record<string, unknown> {
  let bytes = page.bytes;
  if (page.sealed) {
    if (!vault.pageKey) throw new VaultLockedError();
    bytes = gcm(vault.pageKey.raw, bytes.subarray(0, IV_BYTES)).decrypt(bytes.subarray(IV_BYTES));
  }
  return JSON.parse(utf8.decode(page.gzip ? gunzipSync(bytes) : bytes)) as Record<string, unknown>;
}

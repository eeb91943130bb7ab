import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SignedHead } from '@daiban/schemas';
import { parentsOfMade, syncPathNow, writeFileDurablyNow } from '../durable-files.ts';

/**
 * The township's ledger signing key (Ed25519). It is kept outside the data directory, so that
 * whoever can write the ledger file cannot also sign a rewritten chain: every chain head the
 * server hands out (to tablets with each pull, on the monthly report, in the backup manifest)
 * carries its signature, and `npm run ledger -- verify` checks a ledger against them.
 */
export interface LedgerKey {
  privateKey: KeyObject;
  /** SPKI PEM: what verifies the signatures; safe to print and to copy anywhere. */
  publicKeyPem: string;
}

/** Reads the key at `file`, or makes one there (mode 600) with its public half beside it (`.pub.pem`). */
export function loadOrCreateLedgerKey(file: string): LedgerKey {
  if (!existsSync(file)) {
    for (const parent of parentsOfMade(mkdirSync(dirname(file), { recursive: true }), dirname(file))) syncPathNow(parent);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    // Synced before any head is signed with it: a key lost to a power cut would leave tablets
    // holding signatures no key of the township verifies.
    writeFileDurablyNow(publicKeyFileOf(file), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileDurablyNow(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), 0o600);
  }
  const privateKey = createPrivateKey(readFileSync(file));
  return { privateKey, publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString() };
}

/** Beside the data directory, never in it: `data` → `data-keys/ledger-signing-key.pem`. */
export function defaultLedgerKeyFile(dataDir: string): string {
  return join(`${dataDir.replace(/[/\\]+$/, '')}-keys`, 'ledger-signing-key.pem');
}

export function publicKeyFileOf(keyFile: string): string {
  return keyFile.replace(/(\.pem)?$/, '.pub.pem');
}

/** What is signed: the head's place and hash, under a name no other signature of ours uses. */
function signedText(seq: number, hash: string): Buffer {
  return Buffer.from(`daiban-ledger-head:v1:${seq}:${hash}`);
}

export function signHead(key: LedgerKey, head: { seq: number; hash: string }): SignedHead {
  return { ...head, signature: sign(null, signedText(head.seq, head.hash), key.privateKey).toString('base64') };
}

export function headSignatureValid(publicKeyPem: string, head: SignedHead): boolean {
  try {
    return verify(null, signedText(head.seq, head.hash), createPublicKey(publicKeyPem), Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}

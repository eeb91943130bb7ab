/**
 * The keys that guard the tablet's records at rest (docs/operations.md, "A lost tablet"). The data
 * key is 32 random bytes, never stored in clear: it is kept wrapped (AES-GCM, WebCrypto) twice,
 * under the PIN joined with the server's key share, and under the account password.
 */

/** PBKDF2-SHA-256 iterations for the PIN: 40–100 ms on the township's PCs, ~300 ms on a cheap tablet. */
export const PIN_ITERATIONS = 210_000;
/** For the password, which opens the tablet offline on its own: OWASP's 2023 figure for PBKDF2-SHA-256. */
export const PASSWORD_ITERATIONS = 600_000;

/** A data key wrapped under a key derived from a secret: everything needed to unwrap it but the secret. */
export interface WrappedKey {
  /** Base64 of 16 random bytes. */
  salt: string;
  iterations: number;
  /** Base64 of AES-GCM's 12-byte IV and of the wrapped key with its tag. */
  iv: string;
  wrapped: string;
}

/** What a PIN gives: a proof the server checks, and a half of the wrapping key that never leaves the tablet. */
export interface PinSecrets {
  proof: string;
  pinKey: Uint8Array<ArrayBuffer>;
}

export function newDataKey(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(32));
}

export function newSalt(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(16)));
}

/** 64 bytes from the PIN: the first 32 prove it to the server, the last 32 stay here. */
export async function pinSecrets(pin: string, salt: string, iterations: number): Promise<PinSecrets> {
  const bits = await pbkdf2(pin, salt, iterations, 512);
  return { proof: toBase64(bits.slice(0, 32)), pinKey: bits.slice(32) };
}

/** The key the data key is wrapped with under the PIN: neither the PIN nor the server's share alone gives it. */
export async function pinWrappingKey(pinKey: Uint8Array<ArrayBuffer>, keyShare: string): Promise<CryptoKey> {
  const share = fromBase64(keyShare);
  const material = new Uint8Array(pinKey.length + share.length);
  material.set(pinKey);
  material.set(share, pinKey.length);
  const base = await crypto.subtle.importKey('raw', material, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode('daiban pin wrap v1') },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function passwordWrappingKey(password: string, salt: string, iterations: number): Promise<CryptoKey> {
  const bits = await pbkdf2(password, salt, iterations, 256);
  return crypto.subtle.importKey('raw', bits, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function wrapDataKey(
  dataKey: Uint8Array<ArrayBuffer>,
  key: CryptoKey,
  salt: string,
  iterations: number,
): Promise<WrappedKey> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, dataKey));
  return { salt, iterations, iv: toBase64(iv), wrapped: toBase64(wrapped) };
}

/** The data key wrapped under the account password, with a new salt: what opens the tablet offline. */
export async function wrapUnderPassword(dataKey: Uint8Array<ArrayBuffer>, password: string): Promise<WrappedKey> {
  const salt = newSalt();
  return wrapDataKey(dataKey, await passwordWrappingKey(password, salt, PASSWORD_ITERATIONS), salt, PASSWORD_ITERATIONS);
}

/** The data key, or undefined when the wrapping key is not the one it was wrapped with (a wrong secret). */
export async function unwrapDataKey(wrapped: WrappedKey, key: CryptoKey): Promise<Uint8Array<ArrayBuffer> | undefined> {
  try {
    const iv = fromBase64(wrapped.iv);
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, fromBase64(wrapped.wrapped)));
  } catch {
    return undefined;
  }
}

/** A key for one purpose (photos) drawn from the data key. */
export async function subKey(dataKey: Uint8Array<ArrayBuffer>, purpose: string): Promise<Uint8Array<ArrayBuffer>> {
  const base = await crypto.subtle.importKey('raw', dataKey, 'HKDF', false, ['deriveBits']);
  const info = new TextEncoder().encode(`daiban ${purpose} v1`);
  return new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info }, base, 256),
  );
}

async function pbkdf2(secret: string, salt: string, iterations: number, bits: number): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(salt), iterations }, key, bits),
  );
}

export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

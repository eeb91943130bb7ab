import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';

/** What the server needs to answer over HTTPS, and what the start banner says about the certificate. */
export interface Tls {
  /** For @hono/node-server's `serve`. */
  createServer: typeof createServer;
  serverOptions: { cert: string; key: string };
  /** The names the certificate is for (its subject alternative names, else its subject). */
  names: string;
  validTo: string;
}

/** A setting that stops the start; its message is one line for the operator. */
export class TlsSettingError extends Error {}

/**
 * HTTPS from `TLS_CERT` and `TLS_KEY` (PEM files), with the intermediate certificates of `TLS_CA`
 * (PEM, optional) sent after the server's own; `null` when neither is set (plain HTTP). Throws a
 * TlsSettingError when only one is set, a file cannot be read, is not PEM, or the key is not the
 * certificate's.
 */
export function tlsFromEnv(env: NodeJS.ProcessEnv): Tls | null {
  const certFile = setting(env, 'TLS_CERT');
  const keyFile = setting(env, 'TLS_KEY');
  const caFile = setting(env, 'TLS_CA');
  if (!certFile && !keyFile) {
    if (caFile) throw new TlsSettingError('TLS_CA is set but TLS_CERT and TLS_KEY are not');
    return null;
  }
  if (!certFile || !keyFile) {
    throw new TlsSettingError(`HTTPS needs both TLS_CERT and TLS_KEY; only ${certFile ? 'TLS_CERT' : 'TLS_KEY'} is set`);
  }

  const certPem = read('TLS_CERT', certFile);
  const keyPem = read('TLS_KEY', keyFile);
  const cert = parse('TLS_CERT', certFile, () => new X509Certificate(certPem), 'a PEM certificate');
  const key = parse('TLS_KEY', keyFile, () => createPrivateKey(keyPem), 'a PEM private key (without a passphrase)');
  if (!cert.checkPrivateKey(key)) {
    throw new TlsSettingError(`TLS_KEY ${keyFile} is not the private key of the certificate in TLS_CERT ${certFile}`);
  }
  let chain = certPem;
  if (caFile) {
    const caPem = read('TLS_CA', caFile);
    parse('TLS_CA', caFile, () => new X509Certificate(caPem), 'PEM certificates');
    chain = `${certPem.trimEnd()}\n${caPem}`;
  }
  return {
    createServer,
    serverOptions: { cert: chain, key: keyPem },
    names: cert.subjectAltName ?? cert.subject.replace(/\n/g, ', '),
    validTo: new Date(cert.validTo).toISOString().slice(0, 10),
  };
}

function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function read(name: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied to the server’s user' : (err as Error).message;
    throw new TlsSettingError(`${name} ${file} cannot be read: ${reason}`);
  }
}

function parse<T>(name: string, file: string, make: () => T, what: string): T {
  try {
    return make();
  } catch {
    throw new TlsSettingError(`${name} ${file} is not ${what}`);
  }
}

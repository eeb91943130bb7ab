import { useEffect, useState } from 'react';
import { api } from './services.ts';

/**
 * Object URLs for blobs the server keeps (the supervisor works online), keyed by SHA-256.
 * Blobs that cannot be fetched (not uploaded yet) are simply absent; URLs are revoked on unmount.
 */
export function useBlobUrls(sha256s: readonly string[]): ReadonlyMap<string, string> {
  const [urls, setUrls] = useState<ReadonlyMap<string, string>>(new Map());
  const key = sha256s.join(',');
  useEffect(() => {
    const made: string[] = [];
    let live = true;
    const wanted = key ? key.split(',') : [];
    void Promise.all(
      wanted.map(async (sha) => {
        const blob = await api.getBlob(sha).catch(() => undefined);
        if (!blob || !live) return undefined;
        const url = URL.createObjectURL(blob);
        made.push(url);
        return [sha, url] as const;
      }),
    ).then((pairs) => {
      if (live) setUrls(new Map(pairs.filter((p) => p !== undefined)));
    });
    return () => {
      live = false;
      for (const url of made) URL.revokeObjectURL(url);
    };
  }, [key]);
  return urls;
}

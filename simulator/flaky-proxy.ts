import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LinkFaults {
  /** Share of requests that fail: refused, cut in the middle of the body, or answered into the void. */
  drop: number;
  /** Share of requests delivered twice (the copy later, so it may overtake or trail others). */
  dup: number;
  /** Longest random delay before a request is forwarded, in ms (reorders concurrent requests). */
  maxDelayMs: number;
}

export interface LinkStats {
  requests: number;
  refused: number;
  cut: number;
  answersLost: number;
  duplicated: number;
  /** Requests forwarded to each target (app node), in the order the targets were given. */
  forwarded: number[];
}

const NO_FAULTS: LinkFaults = { drop: 0, dup: 0, maxDelayMs: 0 };

/**
 * A village link on loopback: an HTTP proxy in front of the server that drops, delays,
 * duplicates and reorders requests and cuts connections in the middle of a body. With several
 * `targets` (app nodes) it balances like a round-robin load balancer: each request, a duplicate
 * included, goes to the next node.
 */
export async function startFlakyProxy(targets: string[], faults: LinkFaults, random: () => number) {
  const upstreams = targets.map((target) => new URL(target));
  let turn = 0;
  let current = faults;
  const stats: LinkStats = { requests: 0, refused: 0, cut: 0, answersLost: 0, duplicated: 0, forwarded: targets.map(() => 0) };

  const forward = (
    method: string,
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
    cutAt?: number,
  ) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const node = turn++ % upstreams.length;
      const upstream = upstreams[node]!;
      stats.forwarded[node]! += 1;
      const req = request({ host: upstream.hostname, port: upstream.port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (cutAt === undefined) {
        req.end(body);
      } else {
        req.write(body.subarray(0, cutAt));
        setTimeout(() => req.destroy(), 5);
      }
    });

  const server: Server = createServer((clientReq, clientRes) => {
    const chunks: Buffer[] = [];
    clientReq.on('data', (c: Buffer) => chunks.push(c));
    clientReq.on('end', async () => {
      stats.requests += 1;
      const body = Buffer.concat(chunks);
      const { method = 'GET', url = '/', headers } = clientReq;
      await sleep(random() * current.maxDelayMs);
      const roll = random();
      try {
        if (roll < current.drop / 3) {
          stats.refused += 1;
          clientReq.socket.destroy();
          return;
        }
        if (roll < (2 * current.drop) / 3 && body.length > 1) {
          stats.cut += 1;
          await forward(method, url, headers, body, Math.floor(body.length / 2)).catch(() => undefined);
          clientReq.socket.destroy();
          return;
        }
        const answer = forward(method, url, headers, body);
        if (random() < current.dup) {
          stats.duplicated += 1;
          void sleep(random() * 300).then(() => forward(method, url, headers, body).catch(() => undefined));
        }
        const res = await answer;
        if (roll < current.drop) {
          stats.answersLost += 1;
          clientReq.socket.destroy();
          return;
        }
        clientRes.writeHead(res.status, res.headers);
        clientRes.end(res.body);
      } catch {
        clientReq.socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    /** Ends the faults: the final convergence runs over a clean link. */
    heal() {
      current = NO_FAULTS;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

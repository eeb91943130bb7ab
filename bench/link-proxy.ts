// A village link on loopback for the benchmarks: an HTTP proxy that shapes bandwidth (per
// direction a token bucket without burst, i.e. one queue at the link rate shared by every
// connection, as on one real link), adds one-way latency and a round trip per new connection,
// cuts a share of requests in the middle of their transfer, and counts what crosses it.
import { spawn } from 'node:child_process';
import {
  Agent,
  type ClientRequest,
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface LinkShape {
  /** Bytes per second each way; Infinity for an unshaped loopback. */
  bytesPerSecond: number;
  /** One-way latency in ms (round trip = twice this). */
  latencyMs: number;
  /** Share of requests whose connection is cut part-way through the transfer. */
  drop: number;
}

export const VILLAGE_LINK: LinkShape = { bytesPerSecond: 2_000_000 / 8, latencyMs: 100, drop: 0.01 };
export const LOOPBACK: LinkShape = { bytesPerSecond: Number.POSITIVE_INFINITY, latencyMs: 0, drop: 0 };

export interface LinkCounts {
  /** Every byte sent towards the server: request lines, headers and bodies. */
  up: number;
  /** Every byte sent back to the client: status lines, headers and bodies. */
  down: number;
  requests: number;
  cut: number;
  /**
   * Blob chunk bytes that crossed the link more than once: for each (sha256, offset), the
   * chunk bytes forwarded over all attempts minus one whole copy (the largest attempt).
   */
  resent: number;
}

/** Piece size the shaper moves at a time: 8 KiB is 33 ms at 2 Mbit/s, fine enough to share the link fairly. */
const PIECE = 8 * 1024;

/** One direction of the link: a FIFO bottleneck whose bytes then travel `latencyMs`. */
class Direction {
  private nextFree = 0;
  constructor(private readonly shape: LinkShape) {}

  /** Waits until `bytes` are serialized onto the link; returns when they reach the far end. */
  async send(bytes: number): Promise<number> {
    const start = Math.max(performance.now(), this.nextFree);
    this.nextFree = start + (bytes / this.shape.bytesPerSecond) * 1000;
    await sleepUntil(this.nextFree);
    return this.nextFree + this.shape.latencyMs;
  }
}

/** Delivers what crossed one direction, in order, each piece at its arrival time. */
class Delivery {
  private last: Promise<void> = Promise.resolve();
  at(arrival: number, deliver: () => void): void {
    this.last = this.last.then(() => sleepUntil(arrival)).then(deliver);
  }
  done(): Promise<void> {
    return this.last;
  }
}

function headerBytes(firstLine: string, rawHeaders: string[]): number {
  let n = firstLine.length + 4;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    n += Buffer.byteLength(rawHeaders[i]!) + Buffer.byteLength(rawHeaders[i + 1]!) + 4;
  return n;
}

export async function startLinkProxy(target: string, shape: LinkShape, random: () => number = Math.random) {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const up = new Direction(shape);
  const down = new Direction(shape);
  const counts: LinkCounts = { up: 0, down: 0, requests: 0, cut: 0, resent: 0 };
  /** Chunk bytes forwarded per (sha256, offset): total over attempts and the largest single attempt. */
  const chunkAttempts = new Map<string, { total: number; largest: number }>();
  const seenSockets = new WeakSet<Socket>();

  /** Moves a stream's bytes across one direction; stops (whole: false) after `cutAt` bytes. */
  async function pump(
    source: AsyncIterable<Buffer>,
    dir: Direction,
    delivery: Delivery,
    count: 'up' | 'down',
    write: (b: Buffer) => void,
    cutAt: number,
  ): Promise<{ bytes: number; whole: boolean }> {
    let bytes = 0;
    for await (const data of source) {
      for (let i = 0; i < data.length; i += PIECE) {
        let piece = data.subarray(i, i + PIECE);
        if (bytes + piece.length > cutAt) piece = piece.subarray(0, cutAt - bytes);
        const arrival = await dir.send(piece.length);
        counts[count] += piece.length;
        bytes += piece.length;
        delivery.at(arrival, () => write(piece));
        if (bytes >= cutAt) {
          await delivery.done();
          return { bytes, whole: false };
        }
      }
    }
    await delivery.done();
    return { bytes, whole: true };
  }

  async function handle(clientReq: IncomingMessage, clientRes: ServerResponse) {
    counts.requests += 1;
    const socket = clientReq.socket;
    const cut = random() < shape.drop;
    const fraction = random();
    const method = clientReq.method ?? 'GET';
    const url = clientReq.url ?? '/';
    const bodyLength = Number(clientReq.headers['content-length'] ?? 0);
    // A new connection first costs the TCP handshake: one round trip.
    if (!seenSockets.has(socket)) {
      seenSockets.add(socket);
      await sleep(2 * shape.latencyMs);
    }
    const abort = () => {
      counts.cut += 1;
      socket.destroy();
    };

    const reqHead = headerBytes(`${method} ${url} HTTP/1.1`, clientReq.rawHeaders);
    const upDelivery = new Delivery();
    const headArrival = await up.send(reqHead);
    counts.up += reqHead;
    let answer: Promise<IncomingMessage> | undefined;
    let upstreamReq: ClientRequest | undefined;
    upDelivery.at(headArrival, () => {
      const req = request({ host: upstream.hostname, port: upstream.port, method, path: url, headers: clientReq.headers, agent });
      answer = new Promise<IncomingMessage>((resolve, reject) => {
        req.on('response', resolve);
        req.on('error', reject);
      });
      answer.catch(() => undefined);
      upstreamReq = req;
    });
    const cutInRequest = cut && bodyLength > 0;
    const sent = await pump(
      clientReq,
      up,
      upDelivery,
      'up',
      (b) => upstreamReq?.write(b),
      cutInRequest ? Math.floor(fraction * bodyLength) : Number.POSITIVE_INFINITY,
    );
    noteChunk(url, sent.bytes);
    if (!sent.whole || !upstreamReq || !answer) {
      upstreamReq?.destroy();
      abort();
      return;
    }
    upstreamReq.end();
    const res = await answer;
    const resHead = headerBytes(`HTTP/1.1 ${res.statusCode} ${res.statusMessage}`, res.rawHeaders);
    const downDelivery = new Delivery();
    const resArrival = await down.send(resHead);
    counts.down += resHead;
    const resLength = Number(res.headers['content-length'] ?? 0);
    if (cut && !cutInRequest && resLength === 0) {
      res.destroy();
      await sleepUntil(resArrival);
      abort();
      return;
    }
    downDelivery.at(resArrival, () => clientRes.writeHead(res.statusCode ?? 502, res.headers));
    const got = await pump(
      res,
      down,
      downDelivery,
      'down',
      (b) => clientRes.write(b),
      cut && !cutInRequest ? Math.floor(fraction * resLength) : Number.POSITIVE_INFINITY,
    );
    if (!got.whole) {
      res.destroy();
      abort();
      return;
    }
    clientRes.end();
  }

  function noteChunk(url: string, bytes: number) {
    const match = /^\/api\/blobs\/([0-9a-f]{64})\/chunks\?offset=(\d+)/.exec(url);
    if (!match) return;
    const key = `${match[1]}@${match[2]}`;
    const seen = chunkAttempts.get(key) ?? { total: 0, largest: 0 };
    const next = { total: seen.total + bytes, largest: Math.max(seen.largest, bytes) };
    chunkAttempts.set(key, next);
    counts.resent += next.total - next.largest - (seen.total - seen.largest);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    /** Starts counting afresh (after a warm-up or preparation that should not be measured). */
    reset() {
      Object.assign(counts, { up: 0, down: 0, requests: 0, cut: 0, resent: 0 });
      chunkAttempts.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

function sleepUntil(t: number): Promise<void> {
  return sleep(t - performance.now());
}

const CHILD = fileURLToPath(new URL('./link-proxy-child.ts', import.meta.url));

/** The link proxy in its own process, so that it takes no CPU from a client measured in this one. */
export async function startLinkProxyProcess(target: string, shape: LinkShape) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, target, String(shape.bytesPerSecond), String(shape.latencyMs), String(shape.drop)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error('the link proxy process ended');
    return line.value;
  };
  const ask = (command: string) => {
    child.stdin.write(`${command}\n`);
    return next();
  };
  const url = await next();
  return {
    url,
    pid: child.pid!,
    /** Starts counting afresh. */
    reset: async () => {
      await ask('reset');
    },
    counts: async () => JSON.parse(await ask('counts')) as LinkCounts,
    close: async () => {
      child.stdin.end();
      await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    },
  };
}

// The link proxy in a process of its own (startLinkProxyProcess, link-proxy.ts): a client in the same
// process would share its CPU with the proxy. Arguments: the target URL and the shape (bytes per
// second, one-way latency in ms, drop share). Prints its URL, then answers one line per command read:
// `reset` with `ok`, `counts` with the counts as JSON.
import { createInterface } from 'node:readline';
import { startLinkProxy } from './link-proxy.ts';

const [target, bytesPerSecond, latencyMs, drop] = process.argv.slice(2);
if (!target) throw new Error('usage: link-proxy-child.ts <target> <bytesPerSecond> <latencyMs> <drop>');
const proxy = await startLinkProxy(target, {
  bytesPerSecond: Number(bytesPerSecond),
  latencyMs: Number(latencyMs),
  drop: Number(drop),
});
console.log(proxy.url);
for await (const command of createInterface({ input: process.stdin })) {
  if (command === 'reset') {
    proxy.reset();
    console.log('ok');
  } else if (command === 'counts') {
    console.log(JSON.stringify(proxy.counts));
  }
}
await proxy.close();

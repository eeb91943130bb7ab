import { type PullResponse, pullResponseSchema } from '@daiban/schemas';
import { parseJson } from './json-body.ts';

const utf8 = new TextDecoder();

/**
 * A pull answer's body checked against the protocol, inflated first when it came gzipped (invalid JSON
 * fails the check as a body of null; a broken gzip body fails with what zlib found).
 */
export async function parsePulledBody(bytes: Uint8Array<ArrayBuffer>, gzip: boolean): Promise<PullResponse> {
  return pullResponseSchema.parse(parseJson(gzip ? await inflated(bytes) : utf8.decode(bytes)));
}

async function inflated(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  try {
    return await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  } catch (error) {
    throw new Error(`the pulled page is not valid gzip: ${error instanceof Error ? error.message : String(error)}`);
  }
}

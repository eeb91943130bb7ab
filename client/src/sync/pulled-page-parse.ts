import { type PullResponse, pullResponseSchema } from '@daiban/schemas';

const utf8 = new TextDecoder();

/**
 * A pull answer's body checked against the protocol, inflated first when it came gzipped (invalid JSON
 * fails the check as a body of null; a broken gzip body fails with what zlib found).
 */
export async function parsePulledBody(bytes: Uint8Array<ArrayBuffer>, gzip: boolean): Promise<PullResponse> {
  let json: unknown = null;
  const text = gzip ? await inflated(bytes) : utf8.decode(bytes);
  try {
    json = JSON.parse(text);
  } catch {
    // Left null: the check below names what was expected.
  }
  return pullResponseSchema.parse(json);
}

async function inflated(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  try {
    return await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  } catch (error) {
    throw new Error(`the pulled page is not valid gzip: ${error instanceof Error ? error.message : String(error)}`);
  }
}

import type { PullResponse } from '@daiban/schemas';
import type { z } from 'zod';
import { parsePulledBody } from './pulled-page-parse.ts';

/** What the page asks: a pull answer's body, moved here (it comes back with the answer). */
export interface ParseRequest {
  id: number;
  bytes: Uint8Array<ArrayBuffer>;
  gzip: boolean;
}

export type ParseAnswer = { id: number; bytes: Uint8Array<ArrayBuffer> } & (
  | { page: PullResponse }
  | { issues: z.core.$ZodIssue[] }
  | { failure: string }
);

addEventListener('message', async (event: MessageEvent<ParseRequest>) => {
  const { id, bytes, gzip } = event.data;
  let answer: ParseAnswer;
  try {
    answer = { id, bytes, page: await parsePulledBody(bytes, gzip) };
  } catch (error) {
    const issues = (error as { issues?: z.core.$ZodIssue[] }).issues;
    answer = issues ? { id, bytes, issues } : { id, bytes, failure: error instanceof Error ? error.message : String(error) };
  }
  postMessage(answer, { transfer: [bytes.buffer] });
});

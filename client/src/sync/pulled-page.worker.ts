import type { PullResponse } from '@daiban/schemas';
import type { z } from 'zod';
import { parsePulledBody } from './pulled-page-parse.ts';

/** What the page asks: a pull answer's body (a copy) to check. */
export interface ParseRequest {
  id: number;
  bytes: Uint8Array<ArrayBuffer>;
  gzip: boolean;
}

export type ParseAnswer = { id: number } & ({ page: PullResponse } | { issues: z.core.$ZodIssue[] } | { failure: string });

addEventListener('message', async (event: MessageEvent<ParseRequest>) => {
  const { id, bytes, gzip } = event.data;
  let answer: ParseAnswer;
  try {
    answer = { id, page: await parsePulledBody(bytes, gzip) };
  } catch (error) {
    const issues = (error as { issues?: z.core.$ZodIssue[] }).issues;
    answer = issues ? { id, issues } : { id, failure: error instanceof Error ? error.message : String(error) };
  }
  postMessage(answer);
});

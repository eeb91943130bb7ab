import { type SignedHead, signedHeadSchema } from '@daiban/schemas';
import { type Db, eventHashAt } from '../db/index.ts';
import { headSignatureValid } from './head-signing.ts';

export interface WitnessCheck {
  ok: boolean;
  /** How many distinct signed heads were compared with the ledger. */
  witnesses: number;
  message?: string;
}

/**
 * Every signed head in a witness file, wherever it sits: a tablet's export (`ledgerWitnesses`), a
 * monthly report or a backup manifest (`ledgerHead`), or a bare head or list of heads.
 */
export function headsIn(json: unknown): SignedHead[] {
  const head = signedHeadSchema.safeParse(json);
  if (head.success) return [head.data];
  if (Array.isArray(json)) return json.flatMap(headsIn);
  if (json && typeof json === 'object') return Object.values(json).flatMap(headsIn);
  return [];
}

/**
 * Checks the ledger against chain heads signed earlier and kept outside it. A ledger rewritten
 * with every hash recomputed still chains, but no longer has the signed hash at a witnessed place:
 * the first such witness, with the last one still matching, brackets the first event that changed.
 * A head whose signature is not the township key's proves nothing and is itself reported.
 */
export async function checkWitnesses(db: Db, publicKeyPem: string, heads: SignedHead[]): Promise<WitnessCheck> {
  const bySeq = new Map(heads.map((h) => [`${h.seq}:${h.hash}`, h]));
  const sorted = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  let lastGood = 0;
  for (const head of sorted) {
    if (!headSignatureValid(publicKeyPem, head)) {
      return {
        ok: false,
        witnesses: sorted.length,
        message: `第 ${head.seq} 条事件处的见证签名无效，不是本镇台账密钥所签 (the witness at event ${head.seq} is not signed by this township's key)`,
      };
    }
    const stored = await eventHashAt(db, head.seq);
    if (stored === undefined) {
      return {
        ok: false,
        witnesses: sorted.length,
        message: `台账在第 ${lastGood} 条之后被截短：已签名的第 ${head.seq} 条事件不存在 (the ledger was cut: signed event ${head.seq} is gone)`,
      };
    }
    if (stored !== head.hash) {
      const first = lastGood + 1;
      const where = first === head.seq ? `第 ${first} 条事件` : `第 ${first} 至第 ${head.seq} 条事件之间`;
      return {
        ok: false,
        witnesses: sorted.length,
        message: `台账已被改写：${where}与签名时不同 (the ledger was rewritten: events ${first}–${head.seq} no longer match what was signed)`,
      };
    }
    lastGood = head.seq;
  }
  return { ok: true, witnesses: sorted.length };
}

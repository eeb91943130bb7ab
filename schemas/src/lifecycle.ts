import type { CaseStatus } from './case.ts';

/**
 * Who may move a case from one status to another (DESIGN.md §4). Agents own intake,
 * resubmission, delivery and rating; the township owns its decisions.
 */
const AGENT_MOVES: Partial<Record<CaseStatus, readonly CaseStatus[]>> = {
  draft: ['received', 'withdrawn'],
  received: ['submitted', 'withdrawn'],
  submitted: ['withdrawn'],
  accepted: ['withdrawn'],
  returned: ['submitted', 'withdrawn'],
  completed: ['delivered'],
  delivered: ['rated'],
};

const TOWNSHIP_MOVES: Partial<Record<CaseStatus, readonly CaseStatus[]>> = {
  submitted: ['accepted', 'returned', 'rejected'],
  accepted: ['returned', 'completed', 'rejected'],
};

export type Actor = 'agent' | 'township';

export function canMove(actor: Actor, from: CaseStatus, to: CaseStatus): boolean {
  const moves = actor === 'agent' ? AGENT_MOVES : TOWNSHIP_MOVES;
  return moves[from]?.includes(to) ?? false;
}

/** Statuses in which a case is still being worked on. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['draft', 'received', 'submitted', 'accepted', 'returned'];

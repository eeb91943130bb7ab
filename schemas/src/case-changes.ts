import type { Case, CaseStatus } from './case.ts';
import { hlcAfter, parseHlc } from './hlc.ts';
import type { Material } from './material.ts';
import { missingRequired, uncorrected, withException } from './material-rules.ts';
import type { Mutation } from './mutation.ts';
import type { ServiceItem } from './service-item.ts';
import type { Visit } from './visit.ts';

/** The effect of a visit mutation on a visit (pure, like applyToCase). */
export function applyToVisit(v: Visit | undefined, m: Mutation, at: string): Visit | undefined {
  switch (m.type) {
    case 'visit.plan':
      return v ?? m.payload;
    case 'visit.record': {
      if (!v) return v;
      const { visitId: _, ...record } = m.payload;
      return { ...v, ...record, status: 'done', updatedAt: at };
    }
    default:
      return v;
  }
}

/** The material checklist of a new case: one line per material the item requires, none collected yet. */
export function checklistFor(item: ServiceItem): Material[] {
  return item.materials.map((m) => ({ key: m.key, name: m.name, required: m.required, status: 'missing', attachments: [] }));
}

/** Statuses in which the village may still change a case's materials. */
export const MATERIALS_EDITABLE: readonly CaseStatus[] = ['draft', 'received', 'submitted', 'accepted', 'returned'];

/** The name of an agent-owned field in `Case.clocks`: one per material line. */
export function materialField(key: string): string {
  return `materials.${key}`;
}

/**
 * The clock a field takes when an edit of it applies: the edit's own, or, when that is not later
 * than the field's current clock (an edit made on the current value by a tablet whose clock lags),
 * the next one after it. A field's clock only ever moves forward.
 */
export function nextFieldClock(current: string | undefined, hlc: string): string {
  return current === undefined || hlc > current ? hlc : hlcAfter(current, parseHlc(hlc).node);
}

/**
 * The effect of an agent mutation on a case, as a pure function: the tablet replays its
 * pending mutations on top of the server's state with it, and the server projects with it,
 * so both compute the same record. Checks (who, which status) are the caller's job.
 */
export function applyToCase(c: Case | undefined, m: Mutation, at: string): Case | undefined {
  switch (m.type) {
    case 'case.open':
      return c ?? m.payload;
    case 'case.setMaterial': {
      if (!c) return c;
      const { key, status, attachments, note } = m.payload;
      const field = materialField(key);
      return {
        ...c,
        materials: c.materials.map((x) =>
          x.key === key ? { ...x, status, attachments, ...(note === undefined ? {} : { note }) } : x,
        ),
        clocks: { ...c.clocks, [field]: nextFieldClock(c.clocks?.[field], m.hlc) },
        updatedAt: at,
      };
    }
    case 'case.receive': {
      if (!c) return c;
      const { receivedAt, missingReason } = m.payload;
      const received: Case = { ...c, status: 'received', receivedAt, updatedAt: at };
      return withException(received, 'received_missing', missingRequired(c.materials), missingReason, receivedAt);
    }
    case 'case.deliver': {
      if (!c) return c;
      const { caseId: _, ...delivery } = m.payload;
      return { ...c, status: 'delivered', delivery, updatedAt: at };
    }
    case 'case.rate': {
      if (!c) return c;
      const { caseId: _, ...rating } = m.payload;
      return { ...c, status: 'rated', rating, updatedAt: at };
    }
    case 'case.takeOver':
      return c && { ...c, handlerId: m.payload.toAgentId, updatedAt: at };
    case 'case.resubmit': {
      if (!c) return c;
      const { returnRequest: _, ...rest } = c;
      const resubmitted: Case = { ...rest, status: 'submitted', submittedAt: at, updatedAt: at };
      return withException(resubmitted, 'resubmitted_uncorrected', uncorrected(c), m.payload.reason, at);
    }
    default:
      return c;
  }
}

import { randomInt } from 'node:crypto';
import {
  type Applicant,
  type Case,
  checklistFor,
  chinaDate,
  formatHlc,
  type Mutation,
  type NewHandover,
  newId,
  type OpenedCase,
  residentIdCheckChar,
  type ServiceItem,
  type ServiceItemDraft,
  type Session,
} from '@daiban/schemas';

/**
 * Builds the mutations a tablet would push, with device sequence and HLC filled in. Every time it
 * writes (HLC, createdAt, case and slip numbers) comes from `now`, the test's clock: a test gives
 * the clock its server runs on, so the records fall in the periods the test asks about on any date.
 */
export class FakeTablet {
  /** `seq`: the last device sequence number this device already used. */
  constructor(
    readonly session: Session,
    readonly now: () => Date,
    private seq = 0,
  ) {}

  get villageId(): string {
    return this.session.village!.id;
  }

  /** A mutation with the next device sequence number; its HLC wall time is `now()` unless given. */
  mutation<T extends Mutation['type']>(
    type: T,
    payload: Extract<Mutation, { type: T }>['payload'],
    wallMs = this.now().getTime(),
  ): Mutation {
    this.seq += 1;
    return {
      id: newId(),
      deviceSeq: this.seq,
      hlc: formatHlc({ wallMs, counter: this.seq }, this.session.device.id),
      type,
      payload,
    } as Mutation;
  }

  /**
   * 村受理 of a case whose materials were not collected (the fixtures' cases have no photos): the
   * agent's 容缺受理 reason goes with it, as the server requires.
   */
  receive(caseId: string, receivedAt = this.now()): Mutation {
    return this.mutation('case.receive', { caseId, receivedAt: receivedAt.toISOString(), missingReason: '材料后补' });
  }

  applicant(overrides: Partial<Applicant> = {}): Applicant {
    return {
      id: newId(),
      villageId: this.villageId,
      name: '李桂英',
      // Random birth date and sequence: two fresh tablets of one village must not invent the same villager.
      idNumber: residentIdNumber(
        `430981${1940 + randomInt(50)}${String(1 + randomInt(12)).padStart(2, '0')}${String(1 + randomInt(28)).padStart(2, '0')}${String(randomInt(1000)).padStart(3, '0')}`,
      ),
      phone: '13807370001',
      group: '3组',
      flags: ['elderly'],
      createdAt: this.now().toISOString(),
      ...overrides,
    };
  }

  openedCase(applicant: Applicant, item: ServiceItem, n = this.seq + 1): OpenedCase {
    const now = this.now().toISOString();
    return {
      id: newId(),
      caseNumber: `${this.session.village!.code}-${this.session.device.code}-${this.day()}-${String(n).padStart(4, '0')}`,
      villageId: this.villageId,
      serviceItemCode: item.code,
      serviceItemVersion: item.version,
      applicantId: applicant.id,
      agentId: this.session.account.id,
      deviceId: this.session.device.id,
      channel: 'walk_in',
      materials: checklistFor(item),
      notes: '',
      status: 'draft',
      createdAt: now,
      updatedAt: now,
    };
  }

  /** A handover slip carrying `cases`, each with the originals `item` asks for (what the tablet lists). */
  handover(cases: Case[], item: ServiceItem, n = 1): NewHandover {
    const originals = item.materials.filter((m) => m.form !== 'copy').map((m) => ({ key: m.key, name: m.name }));
    return {
      id: newId(),
      slipNumber: `${this.session.village!.code}-${this.session.device.code}-${this.day()}-J${String(n).padStart(2, '0')}`,
      villageId: this.villageId,
      caseIds: cases.map((c) => c.id),
      items: cases.map((c) => ({ caseId: c.id, caseNumber: c.caseNumber, originals })),
      status: 'in_transit',
      createdAt: this.now().toISOString(),
    };
  }

  /** Today in China as case and slip numbers write it (YYYYMMDD). */
  private day(): string {
    return chinaDate(this.now()).replaceAll('-', '');
  }
}

/** A valid resident ID number from its first 17 characters. */
export function residentIdNumber(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

/** What an admin sends to publish a new version of `item`: the item without code, version and publishing time. */
export function draftOf({ code: _code, version: _version, publishedAt: _publishedAt, ...draft }: ServiceItem): ServiceItemDraft {
  return draft;
}

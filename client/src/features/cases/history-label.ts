import type { Case } from '@daiban/schemas';
import type { Translate } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

/** What a line of a case's history says; a material change names its material (材料变更：身份证). */
export function historyLabel(t: Translate, c: Case, type: string, materialKey?: string): string {
  const text = t(`event.${type}` as MessageKey) ?? type;
  const material = materialKey && c.materials.find((m) => m.key === materialKey)?.name;
  return material ? `${text}：${material}` : text;
}

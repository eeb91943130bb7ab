// Demo service-item catalog (村级代办事项清单 / 办事指南) for the demo township.
// Items, legal bases, materials and steps follow typical Hunan county-level 便民服务事项清单;
// time limits are working days (工作日) unless the item says otherwise.
import type { ServiceItem } from '@daiban/schemas';
import { agriculture } from './catalog/agriculture.ts';
import { civilAffairs } from './catalog/civil-affairs.ts';
import { disabledPersons } from './catalog/disabled-persons.ts';
import { health } from './catalog/health.ts';
import { humanResources } from './catalog/human-resources.ts';
import { medicalSecurity } from './catalog/medical-security.ts';
import { naturalResources } from './catalog/natural-resources.ts';
import { publicSecurity } from './catalog/public-security.ts';
import { veterans } from './catalog/veterans.ts';

export type DemoServiceItem = Omit<ServiceItem, 'version' | 'publishedAt'>;

/** One file per department under catalog/. */
export const demoCatalog: DemoServiceItem[] = [
  ...civilAffairs,
  ...humanResources,
  ...medicalSecurity,
  ...disabledPersons,
  ...health,
  ...naturalResources,
  ...agriculture,
  ...veterans,
  ...publicSecurity,
];

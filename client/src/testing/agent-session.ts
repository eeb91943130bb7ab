import type { Session } from '@daiban/schemas';

/** The session of 大西港村's agent on a tablet, for data-layer tests that need one stored. */
export const AGENT_SESSION: Session = {
  token: 't'.repeat(43),
  device: { id: 'device-1', code: 'T01', name: 'tablet' },
  account: {
    id: 'agent-1',
    username: 'dxg-agent',
    displayName: '周丽华',
    role: 'agent',
    phone: '13800000001',
    townshipId: 't-qsh',
    villageId: 'v-dxg',
    post: 'A',
  },
  township: { id: 't-qsh', code: 'QSH', name: '千山红镇', phone: '0737-5550100', address: '千山红镇' },
  county: null,
  village: { id: 'v-dxg', townshipId: 't-qsh', code: 'DXG', name: '大西港村' },
  priorEnrolments: [],
};

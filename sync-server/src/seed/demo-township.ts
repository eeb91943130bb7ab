// Demo county with two townships. The first is modelled on 益阳市千山红镇 (seed 000: 千办发〔2020〕28号,
// 10 个村（社区）, 大西港村为示范型单位). Apart from 千山红镇 and 大西港村, the county, the second
// township and the village names are plausible but invented; every person, username and phone
// number below is fictional.

export interface DemoVillage {
  code: string;
  name: string;
  agent: { username: string; displayName: string; phone: string };
  /** The B post (B岗): takes over the A agent's open cases when they are absent. */
  backup: { username: string; displayName: string; phone: string };
}

export interface DemoStaff {
  username: string;
  displayName: string;
  phone: string;
  role: 'supervisor' | 'admin';
}

export interface DemoTownship {
  code: string;
  name: string;
  phone: string;
  address: string;
  villages: DemoVillage[];
  staff: DemoStaff[];
}

/** The county the demo townships belong to, and its administrator (县级管理员). */
export const demoCounty = { code: 'HXX', name: '湖乡县' };
export const demoCountyAdmin = { username: 'county-admin', displayName: '邓国华', phone: '13800000301' };

const qianshanhong = {
  code: 'QSH',
  name: '千山红镇',
  phone: '0737-5550100',
  address: '湖南省益阳市千山红镇人民路1号 镇党群和政务服务中心一楼',
};

const qianshanhongVillages: DemoVillage[] = [
  {
    code: 'DXG',
    name: '大西港村',
    agent: { username: 'dxg-agent', displayName: '周丽华', phone: '13800000101' },
    backup: { username: 'dxg-agent-b', displayName: '王美兰', phone: '13800000201' },
  },
  {
    code: 'QSHS',
    name: '千山红社区',
    agent: { username: 'qshs-agent', displayName: '刘建国', phone: '13800000102' },
    backup: { username: 'qshs-agent-b', displayName: '赵志刚', phone: '13800000202' },
  },
  {
    code: 'DNH',
    name: '东南湖村',
    agent: { username: 'dnh-agent', displayName: '李春梅', phone: '13800000103' },
    backup: { username: 'dnh-agent-b', displayName: '孙丽娟', phone: '13800000203' },
  },
  {
    code: 'BBG',
    name: '八百弓村',
    agent: { username: 'bbg-agent', displayName: '陈志强', phone: '13800000104' },
    backup: { username: 'bbg-agent-b', displayName: '吴国强', phone: '13800000204' },
  },
  {
    code: 'NG',
    name: '南港村',
    agent: { username: 'ng-agent', displayName: '黄秀英', phone: '13800000105' },
    backup: { username: 'ng-agent-b', displayName: '郑桂芝', phone: '13800000205' },
  },
  {
    code: 'YS',
    name: '永胜村',
    agent: { username: 'ys-agent', displayName: '曾德明', phone: '13800000106' },
    backup: { username: 'ys-agent-b', displayName: '钱建华', phone: '13800000206' },
  },
  {
    code: 'XHK',
    name: '小河口村',
    agent: { username: 'xhk-agent', displayName: '彭小芳', phone: '13800000107' },
    backup: { username: 'xhk-agent-b', displayName: '冯晓燕', phone: '13800000207' },
  },
  {
    code: 'SBZ',
    name: '沙堡洲村',
    agent: { username: 'sbz-agent', displayName: '胡卫东', phone: '13800000108' },
    backup: { username: 'sbz-agent-b', displayName: '蒋伟', phone: '13800000208' },
  },
  {
    code: 'TJ',
    name: '团结村',
    agent: { username: 'tj-agent', displayName: '谢桂兰', phone: '13800000109' },
    backup: { username: 'tj-agent-b', displayName: '韩淑英', phone: '13800000209' },
  },
  {
    code: 'HX',
    name: '湖心村',
    agent: { username: 'hx-agent', displayName: '罗海军', phone: '13800000110' },
    backup: { username: 'hx-agent-b', displayName: '杨振华', phone: '13800000210' },
  },
];

const qianshanhongStaff: DemoStaff[] = [
  { username: 'supervisor', displayName: '汤雪芹', phone: '13800000201', role: 'supervisor' },
  { username: 'admin', displayName: '肖文斌', phone: '13800000202', role: 'admin' },
];

/** 千山红镇 first (every demo and test centres on it), then a small second township of the county. */
export const demoTownships: DemoTownship[] = [
  { ...qianshanhong, villages: qianshanhongVillages, staff: qianshanhongStaff },
  {
    code: 'XA',
    name: '新安镇',
    phone: '0737-5550200',
    address: '湖南省益阳市湖乡县新安镇新安大道8号 镇政务服务中心',
    villages: [
      {
        code: 'XAC',
        name: '新安村',
        agent: { username: 'xac-agent', displayName: '邹玉兰', phone: '13800000111' },
        backup: { username: 'xac-agent-b', displayName: '袁春生', phone: '13800000211' },
      },
      {
        code: 'HXC',
        name: '红星村',
        agent: { username: 'hxc-agent', displayName: '龚德胜', phone: '13800000112' },
        backup: { username: 'hxc-agent-b', displayName: '熊秀珍', phone: '13800000212' },
      },
    ],
    staff: [
      { username: 'xa-supervisor', displayName: '易红梅', phone: '13800000221', role: 'supervisor' },
      { username: 'xa-admin', displayName: '卢建军', phone: '13800000222', role: 'admin' },
    ],
  },
];

// Demo township, modelled on 益阳市千山红镇 (seed 000: 千办发〔2020〕28号, 10 个村（社区）,
// 大西港村为示范型单位). Apart from 大西港村, village names are plausible but invented;
// every person, username and phone number below is fictional.

export interface DemoVillage {
  code: string;
  name: string;
  agent: { username: string; displayName: string; phone: string };
}

export interface DemoStaff {
  username: string;
  displayName: string;
  phone: string;
  role: 'supervisor' | 'admin';
}

export const demoTownship = {
  code: 'QSH',
  name: '千山红镇',
  phone: '0737-5550100',
  address: '湖南省益阳市千山红镇人民路1号 镇党群和政务服务中心一楼',
};

export const demoVillages: DemoVillage[] = [
  {
    code: 'DXG',
    name: '大西港村',
    agent: { username: 'dxg-agent', displayName: '周丽华', phone: '13800000101' },
  },
  {
    code: 'QSHS',
    name: '千山红社区',
    agent: { username: 'qshs-agent', displayName: '刘建国', phone: '13800000102' },
  },
  {
    code: 'DNH',
    name: '东南湖村',
    agent: { username: 'dnh-agent', displayName: '李春梅', phone: '13800000103' },
  },
  {
    code: 'BBG',
    name: '八百弓村',
    agent: { username: 'bbg-agent', displayName: '陈志强', phone: '13800000104' },
  },
  {
    code: 'NG',
    name: '南港村',
    agent: { username: 'ng-agent', displayName: '黄秀英', phone: '13800000105' },
  },
  {
    code: 'YS',
    name: '永胜村',
    agent: { username: 'ys-agent', displayName: '曾德明', phone: '13800000106' },
  },
  {
    code: 'XHK',
    name: '小河口村',
    agent: { username: 'xhk-agent', displayName: '彭小芳', phone: '13800000107' },
  },
  {
    code: 'SBZ',
    name: '沙堡洲村',
    agent: { username: 'sbz-agent', displayName: '胡卫东', phone: '13800000108' },
  },
  {
    code: 'TJ',
    name: '团结村',
    agent: { username: 'tj-agent', displayName: '谢桂兰', phone: '13800000109' },
  },
  {
    code: 'HX',
    name: '湖心村',
    agent: { username: 'hx-agent', displayName: '罗海军', phone: '13800000110' },
  },
];

export const demoStaff: DemoStaff[] = [
  { username: 'supervisor', displayName: '汤雪芹', phone: '13800000201', role: 'supervisor' },
  { username: 'admin', displayName: '肖文斌', phone: '13800000202', role: 'admin' },
];

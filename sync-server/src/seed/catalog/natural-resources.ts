import type { DemoServiceItem } from '../demo-catalog.ts';

/** 自然资源 items of the demo catalog. */
export const naturalResources: DemoServiceItem[] = [
  {
    code: 'ZR-001',
    name: '农村不动产登记（宅基地使用权及房屋所有权）代办',
    keywords: ['房产证', '不动产', '确权'],
    department: 'natural_resources',
    legalBasis: '《中华人民共和国民法典》物权编；《不动产登记暂行条例》（国务院令第656号）；《中华人民共和国土地管理法》',
    eligibility: '依法取得宅基地并建成住房、需办理首次登记或变更、转移登记的本集体经济组织成员。',
    materials: [
      { key: 'application_form', name: '不动产登记申请书', form: 'original', copies: 1, required: true },
      { key: 'id_card', name: '权利人居民身份证', form: 'original_and_copy', copies: 1, required: true },
      { key: 'hukou_book', name: '户口簿', form: 'original_and_copy', copies: 1, required: true },
      {
        key: 'homestead_approval',
        name: '宅基地批准文件（农村宅基地批准书）及乡村建设规划许可证',
        form: 'copy',
        copies: 1,
        required: true,
      },
      {
        key: 'cadastral_survey',
        name: '权籍调查表、宗地图和房屋平面图',
        form: 'original',
        copies: 1,
        required: true,
        notes: '由县不动产登记机构组织测绘，代办员协助预约',
      },
      {
        key: 'village_certificate',
        name: '村委会出具的权属来源及无争议证明',
        form: 'original',
        copies: 1,
        required: true,
      },
    ],
    steps: [
      '权利人向村（社区）便民服务室申请，村委会核实权属并出具证明',
      '代办员协助预约权籍调查，汇总材料报送乡镇便民服务中心',
      '乡镇审核后转县不动产登记机构受理',
      '县不动产登记机构审核、公告（首次登记）并登簿',
      '核发不动产权证书，发回村便民服务室送达',
    ],
    timeLimitDays: 20,
    fee: '按国家规定收费（农村宅基地使用权及房屋所有权登记费用按规定减免）',
    handling: 'township',
    homeVisit: false,
  },
];

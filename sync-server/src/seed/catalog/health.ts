import type { DemoServiceItem } from '../demo-catalog.ts';

/** 卫健 items of the demo catalog. */
export const health: DemoServiceItem[] = [
  {
    code: 'WJ-001',
    name: '生育登记',
    keywords: ['生育服务证', '准生证', '怀孕'],
    department: 'health',
    legalBasis: '《中华人民共和国人口与计划生育法》；《湖南省人口与计划生育条例》',
    eligibility: '户籍或居住地在本地、生育子女的夫妻，可在孕前、孕期或子女出生后办理生育登记。',
    materials: [
      { key: 'id_card', name: '夫妻双方居民身份证', form: 'copy', copies: 1, required: true },
      {
        key: 'marriage_cert',
        name: '结婚证',
        form: 'copy',
        copies: 1,
        required: false,
        notes: '按本省现行政策，未提供的不影响登记',
      },
      {
        key: 'birth_certificate',
        name: '出生医学证明',
        form: 'copy',
        copies: 1,
        required: false,
        notes: '子女已出生的提供',
      },
      { key: 'registration_form', name: '生育登记表', form: 'original', copies: 1, required: true },
    ],
    steps: [
      '夫妻一方向村（社区）便民服务室申请，或由代办员通过湖南政务服务网帮办',
      '代办员报送乡镇便民服务中心（卫健窗口）',
      '乡镇卫健办当场或限时完成登记，出具生育登记信息',
    ],
    timeLimitDays: 1,
    fee: '免费',
    handling: 'township',
    homeVisit: false,
  },
  {
    code: 'WJ-002',
    name: '农村部分计划生育家庭奖励扶助资格确认',
    keywords: ['独生子女', '奖励扶助', '计生'],
    department: 'health',
    legalBasis:
      '《中华人民共和国人口与计划生育法》；《国务院办公厅转发人口计生委财政部关于开展对农村部分计划生育家庭实行奖励扶助制度试点工作意见的通知》（国办发〔2004〕21号）；《湖南省人口与计划生育条例》',
    eligibility:
      '本人及配偶均为农业户口或界定为农村居民户口；1973年至2001年期间没有违反计划生育法律法规和政策规定生育；现存一个子女或两个女孩或子女死亡现无子女；本人年满60周岁。',
    materials: [
      { key: 'application_form', name: '奖励扶助对象申报表', form: 'original', copies: 1, required: true },
      { key: 'id_card', name: '夫妻双方居民身份证', form: 'copy', copies: 1, required: true },
      { key: 'hukou_book', name: '户口簿', form: 'copy', copies: 1, required: true },
      { key: 'marriage_cert', name: '结婚证或婚姻状况证明', form: 'copy', copies: 1, required: true },
      {
        key: 'only_child_cert',
        name: '独生子女父母光荣证或子女情况证明',
        form: 'copy',
        copies: 1,
        required: false,
      },
      { key: 'bank_card', name: '本人惠民惠农“一卡通”', form: 'copy', copies: 1, required: true },
    ],
    steps: [
      '本人向村（社区）便民服务室申报，村委会调查核实并在村务公开栏公示',
      '代办员报送乡镇便民服务中心，乡镇审核并公示',
      '县级卫生健康部门审批确认，报上级备案',
      '资格确认后按年度发放奖励扶助金',
    ],
    timeLimitDays: 30,
    fee: '免费',
    handling: 'township',
    homeVisit: true,
  },
  {
    code: 'WJ-003',
    name: '计划生育家庭特别扶助申请',
    keywords: ['失独', '特扶'],
    department: 'health',
    legalBasis:
      '《中华人民共和国人口与计划生育法》；《关于印发全国独生子女伤残死亡家庭扶助制度试点方案的通知》（国人口发〔2007〕78号）；《湖南省人口与计划生育条例》',
    eligibility:
      '1933年1月1日以后出生、女方年满49周岁，只生育一个子女或合法收养一个子女，现无存活子女或独生子女被依法鉴定为三级以上残疾的夫妻。',
    materials: [
      { key: 'application_form', name: '计划生育家庭特别扶助申请表', form: 'original', copies: 1, required: true },
      { key: 'id_card', name: '夫妻双方居民身份证', form: 'copy', copies: 1, required: true },
      { key: 'hukou_book', name: '户口簿', form: 'copy', copies: 1, required: true },
      {
        key: 'child_status_proof',
        name: '子女死亡证明或残疾人证',
        form: 'copy',
        copies: 1,
        required: true,
      },
      { key: 'bank_card', name: '本人惠民惠农“一卡通”', form: 'copy', copies: 1, required: true },
    ],
    steps: [
      '本人向村（社区）便民服务室申请，村委会核实并公示',
      '代办员报送乡镇便民服务中心，乡镇审核',
      '县级卫生健康部门审批',
      '批准后按规定标准发放特别扶助金',
    ],
    timeLimitDays: 30,
    fee: '免费',
    handling: 'township',
    homeVisit: true,
  },
];

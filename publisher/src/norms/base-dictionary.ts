import type { NormEntry } from './entries';

/**
 * The base list the norms dictionary ships with; the office adds its own in the CMS. Every entry
 * says where it came from. Sources:
 * - REFORM_2018: 《国务院机构改革方案》, approved by the 13th NPC's first session on 2018-03-17
 *   (new ministries and bureaus; local bodies followed in 2018–2019).
 * - TAX_2018: 国税地税征管体制改革, provincial and local tax bureaus merged, 挂牌 2018-06-15 (省级) and
 *   2018-07 (市县).
 * - INSURANCE_2016: 《国务院关于整合城乡居民基本医疗保险制度的意见》（国发〔2016〕3号）.
 * - RURAL_2021: 国家乡村振兴局 replaced 国务院扶贫开发领导小组办公室 on 2021-02-25.
 * - TYPOS: common misspellings in the yearly lists of 《咬文嚼字》 and the 现代汉语规范词典 usage notes.
 * - XINHUA: 新华社《新闻信息报道中的禁用词和慎用词》(2016 revision).
 * - REPORTED: errors reported on government sites by provincial monitoring (扫黑险恶 on 100+ sites).
 */
const REFORM_2018 = '2018年国务院机构改革方案（2018-03-17）';
const TAX_2018 = '国税地税征管体制改革（2018）';
const INSURANCE_2016 = '国发〔2016〕3号 整合城乡居民基本医疗保险制度';
const RURAL_2021 = '国家乡村振兴局挂牌（2021-02-25）';
const TYPOS = '《咬文嚼字》常见别字表';
const XINHUA = '新华社禁用词和慎用词（2016）';
const REPORTED = '政府网站监测通报的严重表述错误';

const outdated = (wrong: string, right: string, since: string, source: string): NormEntry =>
  ({ kind: 'outdated', wrong, right, since, source, severity: 'serious' });
const typo = (wrong: string, right: string, severity: NormEntry['severity'] = 'general', source = TYPOS): NormEntry =>
  ({ kind: 'typo', wrong, right, since: null, source, severity });

export const BASE_DICTIONARY: readonly NormEntry[] = [
  typo('扫黑险恶', '扫黑除恶', 'serious', REPORTED),
  typo('一国两治', '一国两制', 'serious', REPORTED),
  typo('国务院办公室', '国务院办公厅', 'serious', REPORTED),
  outdated('卫生和计划生育委员会', '卫生健康委员会', '2018-03-17', REFORM_2018),
  outdated('卫生计生委', '卫生健康委', '2018-03-17', REFORM_2018),
  outdated('国土资源部', '自然资源部', '2018-03-17', REFORM_2018),
  outdated('国土资源局', '自然资源局', '2018-03-17', REFORM_2018),
  outdated('环境保护部', '生态环境部', '2018-03-17', REFORM_2018),
  outdated('环境保护局', '生态环境局', '2018-03-17', REFORM_2018),
  outdated('环保局', '生态环境局', '2018-03-17', REFORM_2018),
  outdated('农业部', '农业农村部', '2018-03-17', REFORM_2018),
  outdated('国家旅游局', '文化和旅游部', '2018-03-17', REFORM_2018),
  outdated('国家工商行政管理总局', '国家市场监督管理总局', '2018-03-17', REFORM_2018),
  outdated('工商行政管理局', '市场监督管理局', '2018-03-17', REFORM_2018),
  outdated('工商局', '市场监督管理局', '2018-03-17', REFORM_2018),
  outdated('国家食品药品监督管理总局', '国家市场监督管理总局', '2018-03-17', REFORM_2018),
  outdated('食品药品监督管理局', '市场监督管理局', '2018-03-17', REFORM_2018),
  outdated('国家质量监督检验检疫总局', '国家市场监督管理总局', '2018-03-17', REFORM_2018),
  outdated('国家安全生产监督管理总局', '应急管理部', '2018-03-17', REFORM_2018),
  outdated('安全生产监督管理局', '应急管理局', '2018-03-17', REFORM_2018),
  outdated('国家税务局', '税务局', '2018-06-15', TAX_2018),
  outdated('地方税务局', '税务局', '2018-06-15', TAX_2018),
  outdated('国税局', '税务局', '2018-06-15', TAX_2018),
  outdated('地税局', '税务局', '2018-06-15', TAX_2018),
  outdated('新型农村合作医疗', '城乡居民基本医疗保险', '2016-01-03', INSURANCE_2016),
  outdated('城镇居民基本医疗保险', '城乡居民基本医疗保险', '2016-01-03', INSURANCE_2016),
  outdated('扶贫开发领导小组办公室', '乡村振兴局', '2021-02-25', RURAL_2021),
  outdated('扶贫办', '乡村振兴局', '2021-02-25', RURAL_2021),
  { kind: 'forbidden', wrong: '两岸三地', right: null, since: null, source: XINHUA, severity: 'serious' },
  { kind: 'forbidden', wrong: '中华民国', right: null, since: null, source: XINHUA, severity: 'serious' },
  typo('既往不究', '既往不咎'),
  typo('按步就班', '按部就班'),
  typo('迫不急待', '迫不及待'),
  typo('再接再励', '再接再厉'),
  typo('一愁莫展', '一筹莫展'),
  typo('谈笑风声', '谈笑风生'),
  typo('直接了当', '直截了当'),
  typo('美仑美奂', '美轮美奂'),
  typo('走头无路', '走投无路'),
  typo('默守成规', '墨守成规'),
  typo('针贬时弊', '针砭时弊'),
  typo('穿流不息', '川流不息'),
  typo('不径而走', '不胫而走'),
  typo('重蹈复辙', '重蹈覆辙'),
  typo('名符其实', '名副其实'),
  typo('竞竞业业', '兢兢业业'),
  typo('一如继往', '一如既往'),
  typo('挺而走险', '铤而走险'),
  typo('出奇不意', '出其不意'),
  typo('布署', '部署'),
  typo('签定', '签订'),
  typo('按装', '安装'),
  typo('脉膊', '脉搏'),
  typo('松驰', '松弛'),
  typo('幅射', '辐射'),
  typo('追朔', '追溯'),
  typo('渡假', '度假'),
  typo('帐号', '账号'),
  typo('帐户', '账户'),
];

import { CHANNEL_NAMES } from '../channel-names';

/**
 * Strapi enumerations must be ASCII; its admin looks each option up as a message id, so these
 * messages are what authors see in the dropdowns. The list view shows them
 * too (enum-cells.tsx), and so do the list filters.
 */
export const ENUM_LABELS: Record<string, string> = {
  // 审核阶段
  draft: '草稿',
  department_review: '部门审核',
  media_production: '融媒体制作',
  office_signoff: '办公室签发',
  // 解读形式
  graphic_text: '图文',
  explainer_image: '一图读懂',
  animation: '动漫',
  sketch: '情景剧',
  qa: '问答',
  narration: '解说',
  interview: '访谈',
  // 渠道: the channel registry's names (channel-names.ts)
  ...CHANNEL_NAMES,
  // 站点、部门、终端
  county: '县级门户',
  township: '乡镇子站',
  department: '部门网站',
  issuing: '发文部门',
  interpreting: '解读部门',
  both: '发文并解读',
  portrait: '竖屏',
  landscape: '横屏',
  // 电视台的送播格式
  'h264-1080i25-tff': 'MP4 H.264 1080i25 上场优先',
  'h264-1080p25': 'MP4 H.264 1080p25 逐行',
  // 电视台滚动字幕文件的编码和换行符
  'utf-8': 'UTF-8',
  gbk: 'GBK（多数字幕机）',
  gb18030: 'GB18030',
  lf: 'LF 换行',
  crlf: 'CRLF 换行（Windows 播出系统）',
  // 咨询（宜企问）
  pending: '待答复',
  answered: '已答复',
  declined: '不予答复',
  asker_choice: '提问人选择',
  interpretation: '解读所属部门',
  keyword: '关键词',
  site_default: '站点默认',
  manual: '人工分派',
  unrouted: '未分派',
  api: '接口',
  // 咨询的类型和建议的采纳情况（你建言我来办）
  question: '咨询',
  suggestion: '建议',
  supervision: '监督',
  supervising_department: '监督受理部门',
  adopted: '已采纳',
  partly_adopted: '部分采纳',
  not_adopted: '暂不采纳',
  survey: '问卷调查',
  onsite: '现场意见簿',
  // 问卷题型
  single_choice: '单选',
  multiple_choice: '多选',
  rating: '评分（1—5 分）',
  free_text: '文字意见',
  // 表述规范库
  typo: '错别字',
  canonical_name: '规范名称',
  outdated: '过时表述',
  forbidden: '禁用表述',
  serious: '严重',
  general: '一般',
  // 渠道账号
  short_video: '短视频账号',
  site: '网站',
  own_department: '本部门的解读',
  all: '全部解读',
};

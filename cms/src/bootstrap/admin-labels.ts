/**
 * What clerks read in the admin: Chinese field labels and hints, the field shown when a record
 * is picked in a relation, and list columns. Applied at every start (the content manager keeps
 * these as configuration, so a change here reaches existing installations).
 */
type Labels = Record<string, string | [label: string, hint: string]>;
interface View { mainField?: string; list?: string[]; labels: Labels; hidden?: string[] }

const VIEWS: Record<string, View> = {
  'api::interpretation.interpretation': {
    mainField: 'title',
    list: ['title', 'stage', 'department', 'format', 'updatedAt'],
    labels: {
      title: ['标题', '微信标题不超过 64 字；超长时发布前会提示，可在“渠道定制”里单独写'],
      slug: ['网址名', '小写字母、数字和连字符，如 jx-medical-insurance-2026；发布后请勿修改'],
      digest: ['摘要', '微信摘要不超过 120 字'],
      body: ['正文', '支持 Markdown；脚本和内嵌样式会在发布时被清除'],
      keyPoints: '要点', qa: '问答', basis: ['政策依据', '所解读的政策文件及条款号'],
      department: '解读部门', interpreters: '解读人', brandColumn: '品牌栏目', format: '解读形式',
      cover: ['封面图', '不超过 4000 万像素的 JPEG/PNG/WebP；不上传则用品牌栏目模板生成封面'],
      narrationRecording: ['人声配音', '解读人或融媒体中心上传的真人朗读录音（MP3、WAV 或 M4A，采样率不低于 16 kHz，不削波），用于音频节目，代替合成语音；须按“发布前检查 · 预览”中音频节目的配音稿逐句朗读，句与句之间稍作停顿，字幕按停顿对齐'],
      guests: ['访谈嘉宾', '形式为“访谈”时填写：每位嘉宾的姓名、职务和所在单位'],
      interviewStartsAt: ['访谈开始时间', '按北京时间填写'], interviewEndsAt: ['访谈结束时间', '按北京时间填写'],
      interviewRecording: ['访谈录像或录音', '访谈结束后上传的视频或音频文件'], interviewStreamUrl: ['直播地址', '视频或音频直播的网址（https）'],
      transcript: ['访谈实录', '每段发言一条：发言人（嘉宾姓名、主持人或网友提问）、发言内容；文字直播时发出的发言会自动加到这里'],
      answeredOnAir: ['访谈中回答的网友提问', '选中在访谈中回答过的咨询：只公开“公开的问题表述”和答复，不公开提问人'],
      coverFocusX: ['封面焦点（横向 %）', '主体离左边的位置，0–100；与纵向一起填写，裁剪各尺寸封面时保持主体在画面内'],
      coverFocusY: ['封面焦点（纵向 %）', '主体离上边的位置，0–100；都不填则自动识别主体'],
      images: '配图', channels: '发布渠道', sites: '发布站点', kioskTerminals: '触摸屏终端',
      screeningRegions: ['放映片区', '送电影下乡的映前片和村村响大喇叭的广播节目都按片区送到村里'], tvStations: '电视台', overrides: ['渠道定制', '某个渠道需要不同的标题、文案或配音稿时填写'],
      tags: '标签', items: ['政策事项', '本解读涉及的可匹配事项；不选依据文件时使用唯一的政策依据'], goLiveAt: ['定时上线', '留空则签发后立即上线；填写后各渠道在该时刻一起上线'],
      stage: ['审核阶段', '草稿 → 部门审核 → 融媒体制作 → 办公室签发；只列出你现在可以移到的阶段，只有“办公室签发”阶段可以发布'],
      returnReason: ['退回意见', '退回时由审核人填写需要修改的地方；作者修改后再次提交，意见留在审核记录中'],
      repostCounties: ['转载区县', '重要信息转载：由市级政府办公室选择须转载本稿的区县，各区县政府办公室在“重要信息转载”中一键转载'],
      repostWithinDays: ['转载期限（天）', '发布后多少天内须转载，按自然日计算，默认 3 天'],
      repostOf: ['转载来源', '一键转载时自动填写：本稿转载自哪篇稿件，不能手工修改'],
    },
  },
  'api::policy-document.policy-document': {
    mainField: 'title',
    list: ['title', 'documentNumber', 'issuingDepartment', 'validFrom', 'validTo'],
    labels: {
      title: '文件标题', documentNumber: ['文号', '如 莒政办发〔2024〕15号'], issuingDepartment: '发文部门',
      issuedDate: '成文日期', validFrom: '生效日期', validTo: ['失效日期', '留空表示长期有效'],
      supersedes: ['替代的文件', '本文件废止或修订的旧文件'], clauses: ['条款', '每条一个条款号，解读按条款号引用'],
      fullText: '全文', attachments: '附件', tags: '标签', lists: '所属政策清单', sites: '发布站点',
      items: ['政策事项', '可匹配的具体优惠或服务：谁能享受、享受什么、怎么办理，并勾选适用的标签（“政策找人”按这些标签匹配）'],
    },
  },
  'api::open-event.open-event': {
    mainField: 'title',
    list: ['title', 'stage', 'startsAt', 'department', 'county', 'capacity'],
    labels: {
      title: ['活动主题', '如 2026 年政府开放月·走进医保服务大厅'], slug: ['网址名', '小写字母、数字和连字符，如 jx-open-day-2026-08；发布后请勿修改'],
      digest: ['摘要', '一两句话说明活动内容，微信摘要不超过 120 字'], body: ['活动介绍', '支持 Markdown；脚本和内嵌样式会在发布时被清除'],
      department: '主办部门', county: ['所属区县', '不选则按主办部门所属区县'],
      startsAt: ['开始时间', '北京时间'], endsAt: ['结束时间', '北京时间；须晚于开始时间'],
      place: ['活动地点', '线下活动填写详细地址；纯线上活动可不填'], liveUrl: ['直播地址', '线上参与的直播网址（完整地址，如 https://live.example.gov.cn/open-day）'], vrUrl: ['VR 参观链接', '线上 VR 参观的网址（完整地址，如 https://vr.example.gov.cn/hall）'],
      audience: ['参加对象', '如 市民、学生、退休人员、个体工商户、律师'], capacity: ['名额', '需要报名的活动填写人数；留空表示无需报名、自由参加'],
      registrationOpensAt: ['报名开始时间', '留空则发布后即可报名'], registrationClosesAt: ['报名截止时间', '留空则报名到活动开始为止；不能晚于活动结束'],
      bring: ['携带物品', '如 身份证、学生证'], accessibility: ['无障碍说明', '如 无障碍通道、轮椅、手语翻译、助听设备'],
      cover: ['封面图', '不超过 4000 万像素的 JPEG/PNG/WebP；不上传则用模板生成封面'],
      channels: '发布渠道', sites: '发布站点', kioskTerminals: '触摸屏终端',
      stage: ['审核阶段', '草稿 → 部门审核 → 融媒体制作 → 办公室签发；只列出你现在可以移到的阶段，只有“办公室签发”阶段可以发布'],
      returnReason: ['退回意见', '退回时由审核人填写需要修改的地方；作者修改后再次提交，意见留在审核记录中'],
    },
  },
  'api::county.county': { mainField: 'name', list: ['name', 'code', 'region'], labels: { name: '区县名称', code: '代码', region: '所属地区', staff: ['工作人员', '不在解读人员库中的后台账号（如政府办、融媒体中心）；解读人按所属部门归属区县'],
    supervisingDepartment: ['监督受理部门', '民生资金“我要监督”的举报由它受理（如县纪委监委）；只有它和政府办能看到反映人信息。不选则交站点的咨询默认承办部门'] } },
  'api::department.department': { mainField: 'name', list: ['name', 'county', 'kind', 'hotline'], labels: { county: '所属区县', name: '部门名称', code: '代码', kind: '类型', region: '地区', hotline: '咨询电话', questionKeywords: ['咨询分派关键词', '问题中出现这些词时分派给本部门，用顿号分隔，如 社保、稳岗、创业担保贷款'] } },
  'api::interpreter.interpreter': { mainField: 'name', list: ['name', 'department', 'title'], labels: { name: '姓名', code: '代码', department: '所属部门', title: '职务', expertise: '擅长领域', adminUser: ['后台账号', '关联后，此人只能编辑本部门的解读'] } },
  'api::tag-dimension.tag-dimension': { mainField: 'name', labels: { name: '维度名称', code: '代码', description: '说明', position: '排序', tags: '标签' } },
  'api::tag.tag': { mainField: 'name', list: ['name', 'dimension', 'exclusionGroup'], labels: { name: '标签名称', code: '代码', dimension: '所属维度', exclusionGroup: ['互斥组', '同一维度内互斥组相同的标签不能同时勾选'] } },
  'api::policy-list.policy-list': { mainField: 'name', labels: { name: '清单名称', code: '代码', description: '说明', policies: '清单中的政策文件' } },
  'api::brand-column.brand-column': { mainField: 'name', list: ['name', 'county', 'code'], labels: {
    county: '所属区县', name: '栏目名称', code: '代码', description: '说明',
    openingIdent: ['片头音频', '音频节目开头播放：MP3、WAV 或 M4A，15 秒以内（更长的只播前 15 秒）；不上传则用提示音'],
    closingIdent: ['片尾音频', '音频节目结尾播放：MP3、WAV 或 M4A，15 秒以内；不上传则用提示音'],
  } },
  'api::site.site': { mainField: 'name', list: ['name', 'county', 'kind', 'parent'], labels: { county: '所属区县', name: '站点名称', code: '代码', kind: '站点类型', parent: '上级站点', domain: '域名', questionDepartment: ['咨询默认承办部门', '问题既未选部门、也没有匹配到关键词时由它承办'] } },
  'api::channel.channel': { mainField: 'name', labels: { name: '渠道名称', code: '渠道', enabled: '启用', description: '说明' } },
  'api::kiosk-terminal.kiosk-terminal': { mainField: 'name', list: ['name', 'county', 'site', 'location'], labels: { county: '所属区县', name: '终端名称', code: '代码', location: '位置', site: '所属站点', orientation: '屏幕方向', staleAfterHours: ['离线告警（小时）', '超过这么久没有同步，运维页面标为“失联”'], township: ['所在乡镇（街道）', '民生资金查询屏离线保存并显示这个乡镇各村的发放情况；不填则为全县'] } },
  'api::screening-region.screening-region': { mainField: 'name', list: ['name', 'county', 'code'], labels: { county: '所属区县', name: '片区名称', code: '代码', description: '覆盖的乡镇、村' } },
  'api::tv-station.tv-station': {
    mainField: 'name', list: ['name', 'county', 'format', 'tickerMaxChars', 'tickerEncoding'],
    labels: {
      county: '所属区县', name: '电视台名称', code: '代码', format: '送播格式', tickerMaxChars: '滚动字幕每条字数上限',
      tickerEncoding: ['滚动字幕文件编码', '播出系统读哪种编码：不少字幕机只认 GBK；GBK 没有的字（如 𠮷）所在的那一条不写入文件，预检会提示'],
      tickerLineEnding: ['滚动字幕换行符', 'Windows 播出系统一般要 CRLF，其他选 LF'],
    },
  },
  'api::question.question': {
    mainField: 'receipt',
    list: ['receipt', 'kind', 'handling', 'outcome', 'overdue', 'dueAt', 'department', 'body'],
    labels: {
      receipt: ['受理编号', '发布服务受理时生成，告知提问人'], body: '问题内容', kind: ['类型', '咨询 / 建议（你建言我来办）/ 监督（民生资金我要监督）'],
      subject: ['监督事项', '监督举报针对的乡镇、村和资金项目'],
      reportedDepartment: ['被监督部门', '监督举报涉及的部门；它看不到反映人的姓名和联系方式，转办给它时也一样'],
      outcome: ['采纳情况', '建议答复时必选：已采纳 / 部分采纳 / 暂不采纳；计入本站公开数据'],
      outcomeReason: ['暂不采纳的理由', '选择“暂不采纳”时必填，随答复告知建议人'],
      round: ['建言轮次', '建议在某一轮征集期间从该轮站点提交时自动归入'], sourceSurvey: ['意见来源', '问卷的文字意见、开放活动现场意见簿录入的意见自动记为建议，这里写明出处'], askerName: ['提问人', '不公开，只有承办部门可见；监督举报只有监督受理部门和政府办可见'],
      askerContact: ['联系方式', '不公开，只有承办部门可见；监督举报只有监督受理部门和政府办可见'], site: '提问站点', department: ['承办部门', '可改派；改派后由新部门答复'],
      routedBy: ['分派依据', '解读所属部门 / 提问人选择 / 关键词 / 站点默认 / 监督受理部门 / 人工 / 未分派'], interpretation: '针对的解读', source: '来源渠道',
      terminal: '触摸屏终端', receivedAt: '受理时间', dueAt: ['答复时限', '受理后 2 个工作日（按国务院办公厅节假日安排，含调休上班日）'],
      handling: '办理状态', overdue: ['已逾期', '超过答复时限仍未答复；由发布服务按工作日历每几分钟更新'],
      answer: ['答复内容', '填写后自动标为“已答复”，记录答复时间'], answeredAt: '答复时间', answeredBy: '答复人',
      publicQuestion: ['公开的问题表述', '公开为政策问答时使用；已自动隐去电话、证件号和邮箱，请再核对不含姓名等个人信息'],
      qaInterpretation: ['公开为问答', '由答复生成的政策问答解读'],
      answeredInInterviews: ['已在访谈中回答', '在线访谈中回答过这条咨询的访谈（也可在访谈的“访谈中回答的网友提问”中选择）'],
    },
  },
  'api::suggestion-round.suggestion-round': {
    mainField: 'title',
    list: ['title', 'site', 'department', 'startsOn', 'endsOn'],
    labels: {
      title: ['主题', '如 第 207 期：城区停车难怎么办'], theme: ['征集说明', '向群众说明这一轮征集什么建议'], site: ['站点', '在哪个网站征集；期间该站收到的建议计入本轮'],
      department: '承办部门', startsOn: '开始日期', endsOn: '截止日期',
    },
  },
  'api::survey.survey': {
    mainField: 'title',
    list: ['title', 'department', 'site', 'opensAt', 'closesAt'],
    labels: {
      title: '问卷名称', intro: ['说明', '显示在问卷开头'], site: ['发布站点', '问卷页面在这个网站上'], department: ['组织部门', '只有组织部门能看结果和导出 Excel'],
      event: ['关联的开放活动', '活动问卷每个报名填写一次（凭报名回执编号）；不选则为单独问卷'],
      opensAt: ['开始时间', '留空即发布后立即开始'], closesAt: ['截止时间', '过了截止时间不再接受填写'], questions: ['题目', '单选、多选、评分（1—5 分）、文字意见；文字意见会作为建议进入咨询台'],
    },
  },
  'api::channel-account.channel-account': {
    mainField: 'name',
    list: ['name', 'county', 'platform', 'department', 'administrator', 'openedOn'],
    labels: {
      county: '所属区县', name: '账号名称', code: '代码', platform: '平台', handle: ['账号 ID', '微信号、微博昵称、抖音号等'], department: '主办部门',
      carries: ['发布范围', '本部门的解读 / 全部解读（如县融媒体中心的主账号）'], site: ['对应站点', '平台为网站时选择'],
      kioskTerminal: ['对应终端', '平台为触摸屏时选择'], administrator: '管理员', administratorPhone: ['管理员电话', '不公开'],
      openedOn: '开设日期', staleAfterDays: ['更新告警（天）', '超过这么多天没有新内容，巡检标为“长期未更新”'], active: '运行中',
    },
  },
  'api::holiday-arrangement.holiday-arrangement': {
    mainField: 'year',
    list: ['year', 'notice', 'updatedAt'],
    labels: {
      year: ['年份', '每年一条，如 2027'], notice: ['依据通知', '国务院办公厅关于该年部分节假日安排的通知，如 国办发明电〔2026〕X号'],
      holidays: ['放假日期', '按通知逐个节日填写放假的第一天和最后一天（含调休形成的连休）；只填本年的日期'],
      workdays: ['调休上班', '通知中“上班”的周六、周日；咨询答复时限把这些日子算作工作日'],
    },
  },
  'api::norm-entry.norm-entry': {
    mainField: 'wrong',
    list: ['wrong', 'right', 'kind', 'severity', 'source', 'updatedAt'],
    labels: {
      kind: ['类型', '错别字 / 规范名称（名称的错误写法）/ 过时表述（机构改革前的名称等）/ 禁用表述'],
      wrong: ['错误写法', '至少两个字；繁体和全角写法会一并查出'], right: ['正确写法', '禁用表述可以不填'],
      severity: ['严重程度', '严重：不改不能签发（办公室可说明理由后签发）；一般：提示'],
      source: ['来源', '如 2018 年国务院机构改革方案、某某通知、本办决定'], since: ['改变日期', '过时表述从这一天起不再正确'], note: '备注',
    },
  },
  'api::stage-transition.stage-transition': { mainField: 'interpretationTitle', list: ['interpretationTitle', 'fromStage', 'toStage', 'actor', 'reason', 'at'], labels: { interpretationDocumentId: '解读编号', interpretationTitle: '解读标题', fromStage: '原阶段', toStage: '新阶段', actor: '操作人', actorUserId: '操作人账号编号', actorRole: '角色', reason: '退回意见或签发理由', findings: '未修改的严重表述错误', contentHash: '稿件文字指纹', county: '所属区县', at: '时间' } },
};

const COMPONENT_VIEWS: Record<string, View> = {
  'survey.question': { mainField: 'prompt', labels: { prompt: ['题目', '如 您对本次活动的总体评价'], kind: '题型', options: ['选项', '单选、多选题每行一个选项'], required: '必答' } },
  'holiday.period': { mainField: 'name', labels: { name: ['节日', '如 春节、国庆节'], firstDay: '放假第一天', lastDay: '放假最后一天' } },
  'holiday.workday': { mainField: 'date', labels: { date: ['上班日期', '周六或周日'], note: ['说明', '如 春节调休'] } },
  'policy.clause': { mainField: 'number', labels: { number: ['条款号', '如 第三条；同一文件内唯一'], title: '条款标题', text: '条款内容' } },
  'policy.item': {
    mainField: 'title',
    labels: {
      title: ['事项名称', '如 小规模纳税人月销售额10万元以下免征增值税'], who: '享受主体', what: '优惠内容', amount: '优惠力度',
      howToApply: '办理方式', tags: ['适用标签', '各维度中适用的标签；不勾选的维度视为不限'], clauses: ['依据条款', '多个用顿号分隔，如 第一条、第四条'],
      policy: ['依据文件', '政策文件中的事项不必选择（就是本文件）'],
    },
  },
  'interpretation.key-point': { mainField: 'heading', labels: { heading: '要点标题', text: '要点内容' } },
  'interpretation.qa': { mainField: 'question', labels: { question: '问', answer: '答' } },
  'interview.guest': { mainField: 'name', labels: { name: '姓名', title: '职务', department: '所在单位' } },
  'interview.turn': { mainField: 'speaker', labels: { speaker: ['发言人', '嘉宾姓名、主持人或网友提问'], text: '发言内容', offsetSeconds: ['录像中的秒数', '这段发言在录像中从第几秒开始，可不填'], highlight: ['精彩片段', '选中的发言做成短视频的字幕卡'] } },
  'interpretation.basis': { labels: { policy: '政策文件', clauses: ['条款号', '多个用顿号分隔，如 第三条、第五条'] } },
  // Each entry is titled with its channel's Chinese name (override-channel-names.ts), kept out of the form.
  'interpretation.channel-override': { mainField: 'channelName', hidden: ['channelName'], labels: { channel: '渠道', channelName: '渠道名称', title: '标题', digest: '摘要', text: '文案', narration: '配音稿' } },
};

function apply(configuration: any, view: View) {
  const metadatas = configuration.metadatas ?? {};
  for (const [field, value] of Object.entries(view.labels)) {
    const [label, hint] = Array.isArray(value) ? value : [value, ''];
    if (!metadatas[field]) continue;
    metadatas[field].edit = { ...metadatas[field].edit, label, ...(hint ? { description: hint } : {}) };
    metadatas[field].list = { ...metadatas[field].list, label };
  }
  for (const field of view.hidden ?? []) if (metadatas[field]) metadatas[field].edit = { ...metadatas[field].edit, visible: false, editable: false };
  const settings = { ...configuration.settings, ...(view.mainField ? { mainField: view.mainField } : {}) };
  const layouts = { ...configuration.layouts, ...(view.list ? { list: view.list } : {}) };
  return { settings, metadatas, layouts };
}

export async function applyAdminLabels(strapi: any): Promise<void> {
  const contentManager = strapi.plugin('content-manager');
  for (const [uid, view] of Object.entries(VIEWS)) {
    const service = contentManager.service('content-types');
    const contentType = strapi.contentTypes[uid];
    await service.updateConfiguration(contentType, apply(await service.findConfiguration(contentType), view));
  }
  for (const [uid, view] of Object.entries(COMPONENT_VIEWS)) {
    const service = contentManager.service('components');
    const component = strapi.components[uid];
    await service.updateConfiguration(component, apply(await service.findConfiguration(component), view));
  }
}

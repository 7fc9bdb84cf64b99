import { z } from 'zod';

/** Shape of demo-content.json; parsed before loading so a typo fails with the path that is wrong. */
const code = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, '代码只能用小写字母、数字和连字符');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const channelCode = z.enum(['web', 'feeds', 'wechat', 'weibo', 'kiosk', 'cinema', 'short-video', 'print', 'audio', 'tv']);

export const demoContentSchema = z.object({
  /** The localities, each its own scope: its staff see and pick only its records. */
  counties: z.array(z.object({ code, name: z.string(), region: z.string(), /** 监督受理部门 (a department code of the county). */ supervisingDepartment: code.optional() })),
  departments: z.array(z.object({
    code, name: z.string(), county: code, kind: z.enum(['issuing', 'interpreting', 'both']), region: z.string(), hotline: z.string(),
    /** Words that route a question to this department (宜企问), separated by 、 or commas. */
    questionKeywords: z.string().optional(),
  })),
  interpreters: z.array(z.object({ code, name: z.string(), department: code, title: z.string(), expertise: z.string() })),
  tagDimensions: z.array(z.object({
    code, name: z.string(), description: z.string(),
    tags: z.array(z.object({ code, name: z.string(), exclusionGroup: z.string().nullable() })),
  })),
  policyLists: z.array(z.object({ code, name: z.string(), description: z.string() })),
  brandColumns: z.array(z.object({ code, name: z.string(), county: code, description: z.string() })),
  sites: z.array(z.object({
    code, name: z.string(), county: code, kind: z.enum(['county', 'township', 'department']), parent: code.nullable(), domain: z.string(),
    /** Who answers a question asked on this site that names no department and matches no keyword. */
    questionDepartment: code.optional(),
  })),
  kioskTerminals: z.array(z.object({
    code, name: z.string(), county: code, location: z.string(), site: code, orientation: z.enum(['portrait', 'landscape']),
    /** 民生资金公开: the township whose payments the terminal's query screen holds offline (none: the whole county's). */
    township: z.string().optional(),
  })),
  screeningRegions: z.array(z.object({ code, name: z.string(), county: code, description: z.string() })),
  /** 电视台: what each station asks its senders for (送播格式) and how long a 滚动字幕 line may be. */
  tvStations: z.array(z.object({ code, name: z.string(), county: code, format: z.enum(['h264-1080i25-tff', 'h264-1080p25']), tickerMaxChars: z.number().int().min(10).max(200), tickerEncoding: z.enum(['utf-8', 'gbk', 'gb18030']).optional(), tickerLineEnding: z.enum(['lf', 'crlf']).optional() })).default([]),
  policyDocuments: z.array(z.object({
    documentNumber: z.string(), title: z.string(), issuingDepartment: code,
    issuedDate: date, validFrom: date, validTo: date.nullable(), supersedes: z.string().nullable(),
    clauses: z.array(z.object({ number: z.string(), text: z.string() })).min(1),
    fullText: z.string(), tags: z.array(z.string()), lists: z.array(code),
    items: z.array(z.object({
      title: z.string(), who: z.string(), what: z.string(), amount: z.string(), howToApply: z.string(),
      tags: z.array(z.string()), clauses: z.array(z.string()),
    })).default([]),
  })),
  interpretations: z.array(z.object({
    slug: code, title: z.string(), digest: z.string(), body: z.string(),
    keyPoints: z.array(z.object({ heading: z.string(), text: z.string() })),
    qa: z.array(z.object({ question: z.string(), answer: z.string() })),
    basis: z.array(z.object({ policy: z.string(), clauses: z.array(z.string()) })),
    department: code, interpreters: z.array(code), brandColumn: code.nullable(),
    format: z.enum(['图文', '一图读懂', '动漫', '情景剧', '问答', '解说', '访谈']),
    channels: z.array(channelCode), sites: z.array(code), kioskTerminals: z.array(code), screeningRegions: z.array(code), tvStations: z.array(code).default([]),
    overrides: z.array(z.object({
      channel: channelCode, title: z.string().optional(), digest: z.string().optional(),
      text: z.string().optional(), narration: z.string().optional(),
    })),
    tags: z.array(z.string()),
    /** 在线访谈 (format 访谈): guests, airing time (instants) and the transcript in speaker turns. */
    interview: z.object({
      guests: z.array(z.object({ name: z.string(), title: z.string(), department: z.string() })),
      startsAt: z.string(), endsAt: z.string(),
      transcript: z.array(z.object({ speaker: z.string(), text: z.string(), highlight: z.boolean().optional() })),
    }).optional(),
    /** Left unpublished at this stage, to show the workflow; absent means published. */
    draftStage: z.enum(['draft', 'department_review', 'media_production', 'office_signoff']).optional(),
  })),
  /** Suzhou's filing of every government new-media account, with its owner and administrator. */
  channelAccounts: z.array(z.object({
    code, name: z.string(), county: code, platform: z.enum(['wechat', 'weibo', 'short_video', 'site', 'kiosk']), handle: z.string().optional(),
    department: code, carries: z.enum(['own_department', 'all']), site: code.optional(), kioskTerminal: code.optional(),
    administrator: z.string(), openedOn: date, staleAfterDays: z.number().int().positive().optional(),
  })).default([]),
});

export type DemoContent = z.infer<typeof demoContentSchema>;

import qs from 'qs';
import { PublisherError } from '../errors';
import type { StrapiClient } from './strapi-client';
import { HOOK_SECRET_HEADER } from '@tongyuan/document';

/**
 * The Q&A desk's and the inspection's side of the CMS: questions handed over (with the webhook's
 * shared secret, to routes the CMS keeps for this), their state read back, the overdue flags set,
 * and the channel account registry read (with the read-only token; private fields never come).
 */
export interface DeliveredQuestion { documentId: string; department: { code: string; name: string } | null; routedBy: string; duplicate: boolean }
export interface QuestionState { receipt: string; status: 'pending' | 'answered' | 'declined'; answeredAt: string | null; department: { code: string; name: string } | null; updatedAt: string; outcome?: string | null }
export interface ChannelAccount {
  code: string; name: string; /** The CMS's platform enumeration (wechat, weibo, short_video, site, kiosk); each channel names its own. */
  platform: string; handle: string | null;
  /** The department's region (所属地区): a main account (carries 'all') answers for its region's documents only. */
  department: { code: string; name: string; region: string | null } | null; carries: 'own_department' | 'all';
  /** The county (区县) the account is filed under, else its department's; null when neither is filed. */
  county: { code: string; name: string } | null;
  site: string | null; kioskTerminal: string | null; administrator: string; openedOn: string; staleAfterDays: number; active: boolean;
}

/** The counties and where each department, site and kiosk terminal belongs (codes; null where none is filed). */
export interface CountyPlaces {
  counties: Array<{ code: string; name: string }>;
  departments: Map<string, { region: string | null; county: string | null }>;
  sites: Map<string, string | null>;
  terminals: Map<string, string | null>;
  /** 民生资金公开: the township a terminal's query screen holds (null: the whole county's). */
  terminalTownships: Map<string, string | null>;
}

export interface HolidayArrangement {
  year: number; notice: string | null; updatedAt: string;
  holidays: Array<{ name: string; firstDay: string; lastDay: string }>;
  workdays: Array<{ date: string; note: string | null }>;
}

export class CmsDeskClient {
  constructor(private readonly strapi: StrapiClient, private readonly options: { url: string; hookSecret: string; timeoutMs?: number }) {}

  async deliverQuestion(question: Record<string, unknown>): Promise<DeliveredQuestion> {
    return (await this.post('/api/tongyuan/questions', question)) as DeliveredQuestion;
  }

  async reportOverdue(receipts: string[]): Promise<{ open: number; changed: number }> {
    return (await this.post('/api/tongyuan/questions/overdue', { overdue: receipts })) as { open: number; changed: number };
  }

  /** Questions changed in the CMS since `since` (answered, reassigned, declined). */
  async questionStates(since: string): Promise<QuestionState[]> {
    const states: QuestionState[] = [];
    for (let page = 1; ; page += 1) {
      const query = qs.stringify({
        filters: { updatedAt: { $gt: since } }, fields: ['receipt', 'handling', 'answeredAt', 'updatedAt', 'outcome'],
        populate: { department: { fields: ['code', 'name'] } }, pagination: { page, pageSize: 100 }, sort: ['updatedAt:asc'],
      }, { encodeValuesOnly: true });
      const body = (await this.strapi.get(`/api/questions?${query}`)) as { data: any[]; meta: { pagination: { pageCount: number } } };
      states.push(...body.data.map((q) => ({
        receipt: q.receipt, status: q.handling, answeredAt: q.answeredAt ?? null, updatedAt: q.updatedAt, outcome: q.outcome ?? null,
        department: q.department ? { code: q.department.code, name: q.department.name } : null,
      })));
      if (page >= body.meta.pagination.pageCount) return states;
    }
  }

  async channelAccounts(): Promise<ChannelAccount[]> {
    const accounts: ChannelAccount[] = [];
    for (let page = 1; ; page += 1) {
      const query = qs.stringify({
        populate: {
          department: { fields: ['code', 'name', 'region'], populate: { county: { fields: ['code', 'name'] } } },
          county: { fields: ['code', 'name'] }, site: { fields: ['code'] }, kioskTerminal: { fields: ['code'] },
        },
        pagination: { page, pageSize: 100 }, sort: ['code:asc'],
      }, { encodeValuesOnly: true });
      const body = (await this.strapi.get(`/api/channel-accounts?${query}`)) as { data: any[]; meta: { pagination: { pageCount: number } } };
      accounts.push(...body.data.map((a) => ({
        code: a.code, name: a.name, platform: a.platform, handle: a.handle ?? null, carries: a.carries ?? 'own_department',
        department: a.department ? { code: a.department.code, name: a.department.name, region: a.department.region ?? null } : null,
        county: ((c) => (c ? { code: c.code, name: c.name } : null))(a.county ?? a.department?.county),
        site: a.site?.code ?? null, kioskTerminal: a.kioskTerminal?.code ?? null, administrator: a.administrator,
        openedOn: a.openedOn, staleAfterDays: a.staleAfterDays ?? 14, active: a.active !== false,
      })));
      if (page >= body.meta.pagination.pageCount) return accounts;
    }
  }

  /** The 节假日安排 table as clerks filed it: per year, the holidays' first and last days and the adjusted working days. */
  async holidayArrangements(): Promise<HolidayArrangement[]> {
    const years: HolidayArrangement[] = [];
    for (let page = 1; ; page += 1) {
      const query = qs.stringify({ populate: { holidays: true, workdays: true }, pagination: { page, pageSize: 100 }, sort: ['year:asc'] }, { encodeValuesOnly: true });
      const body = (await this.strapi.get(`/api/holiday-arrangements?${query}`)) as { data: any[]; meta: { pagination: { pageCount: number } } } | null;
      // 404: a CMS without the type (not yet upgraded) — an error, so the last good copy is kept rather than emptied.
      if (!body) throw new PublisherError('STRAPI_UNREACHABLE', 'CMS 没有“节假日安排”内容类型：请升级 CMS');
      years.push(...body.data.map((y) => ({
        year: y.year, notice: y.notice ?? null, updatedAt: y.updatedAt,
        holidays: (y.holidays ?? []).map((h: any) => ({ name: h.name, firstDay: h.firstDay, lastDay: h.lastDay })),
        workdays: (y.workdays ?? []).map((w: any) => ({ date: w.date, note: w.note ?? null })),
      })));
      if (page >= body.meta.pagination.pageCount) return years;
    }
  }

  /**
   * The counties, and each department's region and county, each site's and terminal's county: four
   * reads, once per inspection or report; `once` tries each once (a page that must answer while the CMS is away).
   */
  async countyPlaces(once = false): Promise<CountyPlaces> {
    const county = { county: { fields: ['code'] } };
    const [counties, departments, sites, terminals] = await Promise.all([
      this.all('counties', { fields: ['code', 'name'] }, '区县', once),
      this.all('departments', { fields: ['code', 'region'], populate: county }, '部门列表', once),
      this.all('sites', { fields: ['code'], populate: county }, '站点列表', once),
      this.all('kiosk-terminals', { fields: ['code', 'township'], populate: county }, '查询终端列表', once),
    ]);
    return {
      counties: counties.map((c) => ({ code: c.code, name: c.name })),
      departments: new Map(departments.map((d) => [d.code, { region: d.region?.trim() || null, county: d.county?.code ?? null }])),
      sites: new Map(sites.map((s) => [s.code, s.county?.code ?? null])),
      terminals: new Map(terminals.map((t) => [t.code, t.county?.code ?? null])),
      terminalTownships: new Map(terminals.map((t) => [t.code, t.township?.trim() || null])),
    };
  }

  /** Every record of a type, a hundred per request, sorted by code. */
  private async all(type: string, query: Record<string, unknown>, what: string, once = false): Promise<any[]> {
    const rows: any[] = [];
    for (let page = 1; ; page += 1) {
      const body = (await this.strapi.get(`/api/${type}?${qs.stringify({ ...query, pagination: { page, pageSize: 100 }, sort: ['code:asc'] }, { encodeValuesOnly: true })}`, once)) as
        { data: any[]; meta: { pagination: { pageCount: number } } } | null;
      if (!body) throw new PublisherError('STRAPI_UNREACHABLE', `CMS 没有返回${what}`);
      rows.push(...body.data);
      if (page >= body.meta.pagination.pageCount) return rows;
    }
  }

  /** The office's 表述规范 entries as the CMS keeps them (its kind codes; the norms dictionary maps and checks them). */
  async normEntries(): Promise<Array<Record<string, unknown>>> {
    const entries: Array<Record<string, unknown>> = [];
    for (let page = 1; ; page += 1) {
      const query = qs.stringify({ fields: ['kind', 'wrong', 'right', 'severity', 'source', 'since', 'updatedAt'], pagination: { page, pageSize: 100 }, sort: ['id:asc'] }, { encodeValuesOnly: true });
      const body = (await this.strapi.get(`/api/norm-entries?${query}`)) as { data: Array<Record<string, unknown>>; meta: { pagination: { pageCount: number } } } | null;
      if (!body) throw new PublisherError('STRAPI_UNREACHABLE', 'CMS 没有返回表述规范库');
      entries.push(...body.data);
      if (page >= body.meta.pagination.pageCount) return entries;
    }
  }

  /** The names of the CMS's departments and sites: what the norms check treats as canonical (misspelled, they are flagged). */
  async canonicalNames(): Promise<Array<{ name: string; of: string }>> {
    const names: Array<{ name: string; of: string }> = [];
    for (const [type, of] of [['departments', '部门名称'], ['sites', '站点名称']] as const) {
      for (let page = 1; ; page += 1) {
        const query = qs.stringify({ fields: ['name'], pagination: { page, pageSize: 100 }, sort: ['name:asc'] }, { encodeValuesOnly: true });
        const body = (await this.strapi.get(`/api/${type}?${query}`)) as { data: Array<{ name: string }>; meta: { pagination: { pageCount: number } } } | null;
        if (!body) throw new PublisherError('STRAPI_UNREACHABLE', `CMS 没有返回${of}`);
        for (const d of body.data) if (d.name) names.push({ name: d.name, of });
        if (page >= body.meta.pagination.pageCount) break;
      }
    }
    return names;
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.options.url}${path}`, {
        method: 'POST', body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', accept: 'application/json', [HOOK_SECRET_HEADER]: this.options.hookSecret },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new PublisherError('STRAPI_UNREACHABLE', `无法连接 CMS（${this.options.url}）：${(error as Error).message}`, { cause: error });
    }
    const answer = await response.json().catch(() => null) as { message?: string } | null;
    if (response.status === 401) throw new PublisherError('STRAPI_UNREACHABLE', 'CMS 拒绝了发布服务的密钥：请确认 CMS 与发布服务的 HOOK_SECRET 相同');
    if (response.status === 400) throw new PublisherError('QUESTION_INVALID', `CMS 不接受这条咨询：${answer?.message ?? ''}`);
    if (!response.ok) throw new PublisherError('STRAPI_UNREACHABLE', `CMS 请求失败（${response.status}）：${path}`);
    return answer;
  }
}

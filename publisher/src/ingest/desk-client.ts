import qs from 'qs';
import { PublisherError } from '../errors';
import type { StrapiClient } from './strapi-client';
import { HOOK_SECRET_HEADER } from './webhook';

/**
 * The Q&A desk's and the inspection's side of the CMS: questions handed over (with the webhook's
 * shared secret, to routes the CMS keeps for this), their state read back, the overdue flags set,
 * and the channel account registry read (with the read-only token; private fields never come).
 */
export interface DeliveredQuestion { documentId: string; department: { code: string; name: string } | null; routedBy: string; duplicate: boolean }
export interface QuestionState { receipt: string; status: 'pending' | 'answered' | 'declined'; answeredAt: string | null; department: { code: string; name: string } | null; updatedAt: string }
export interface ChannelAccount {
  code: string; name: string; platform: 'wechat' | 'weibo' | 'short_video' | 'site' | 'kiosk'; handle: string | null;
  department: { code: string; name: string } | null; carries: 'own_department' | 'all';
  site: string | null; kioskTerminal: string | null; administrator: string; openedOn: string; staleAfterDays: number; active: boolean;
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
        filters: { updatedAt: { $gt: since } }, fields: ['receipt', 'handling', 'answeredAt', 'updatedAt'],
        populate: { department: { fields: ['code', 'name'] } }, pagination: { page, pageSize: 100 }, sort: ['updatedAt:asc'],
      }, { encodeValuesOnly: true });
      const body = (await this.strapi.get(`/api/questions?${query}`)) as { data: any[]; meta: { pagination: { pageCount: number } } };
      states.push(...body.data.map((q) => ({
        receipt: q.receipt, status: q.handling, answeredAt: q.answeredAt ?? null, updatedAt: q.updatedAt,
        department: q.department ? { code: q.department.code, name: q.department.name } : null,
      })));
      if (page >= body.meta.pagination.pageCount) return states;
    }
  }

  async channelAccounts(): Promise<ChannelAccount[]> {
    const accounts: ChannelAccount[] = [];
    for (let page = 1; ; page += 1) {
      const query = qs.stringify({
        populate: { department: { fields: ['code', 'name'] }, site: { fields: ['code'] }, kioskTerminal: { fields: ['code'] } },
        pagination: { page, pageSize: 100 }, sort: ['code:asc'],
      }, { encodeValuesOnly: true });
      const body = (await this.strapi.get(`/api/channel-accounts?${query}`)) as { data: any[]; meta: { pagination: { pageCount: number } } };
      accounts.push(...body.data.map((a) => ({
        code: a.code, name: a.name, platform: a.platform, handle: a.handle ?? null, carries: a.carries ?? 'own_department',
        department: a.department ? { code: a.department.code, name: a.department.name } : null,
        site: a.site?.code ?? null, kioskTerminal: a.kioskTerminal?.code ?? null, administrator: a.administrator,
        openedOn: a.openedOn, staleAfterDays: a.staleAfterDays ?? 14, active: a.active !== false,
      })));
      if (page >= body.meta.pagination.pageCount) return accounts;
    }
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

import type { Config } from '../config';
import { PublisherError } from '../errors';
import type { SpamGuard } from '../questions/spam-guard';
import type { HousingStore } from '../store/housing';
import { IdNumberChecker } from './id-number';
import { payeeKeyOf } from './import-payments';
import type { FundLookupAllowance } from './lookup-allowance';

/**
 * An applicant checks their own 公租房 application (本人申请查询) by name and full ID number, with the
 * household lookup's guards (own-lookup.ts): the question form's proof of work and the same allowances
 * per address and per county (lookup-allowance.ts), so the two lookups together are slowed as one.
 * Only the applicant's own rows in live rosters are answered, with what the public page does not show:
 * the reason an application was not approved, and their place in the waiting list. A wrong name, an
 * unknown number and no application get the same answer; the number is never shown back.
 */
export type HousingLookupDeps = {
  housing: Pick<HousingStore, 'versions' | 'applicationsOf' | 'applications'>; spamGuard: Pick<SpamGuard, 'checkProofOfWork' | 'senderKey'>;
  fundLookups: Pick<FundLookupAllowance, 'allow'>; config: Pick<Config, 'HOOK_SECRET'>;
};
export interface HousingLookupInput { county: string; name: unknown; idNumber: unknown; proofOfWork: unknown; address: string }
export interface OwnApplication {
  round: string; category: string; householdSize: number; status: string; reason: string | null;
  waitingOrder: number | null; waitingPlace: number | null; estate: string | null; building: string | null; allocatedOn: string | null;
}

const NAME_MAX = 50;
const sameName = (a: string) => a.normalize('NFC').replace(/\s+/g, '');

export async function lookupOwnHousing(deps: HousingLookupDeps, input: HousingLookupInput): Promise<OwnApplication[]> {
  const name = typeof input.name === 'string' ? sameName(input.name) : '';
  if (name === '' || [...name].length > NAME_MAX) throw new PublisherError('FUND_LOOKUP_INVALID', `请填写申请人姓名（与申请表上的一致，最多 ${NAME_MAX} 个字）`);
  const raw = typeof input.idNumber === 'string' ? input.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase() : '';
  const checked = raw.length > 30 ? null : new IdNumberChecker().check(raw);
  if (!checked?.ok) throw new PublisherError('FUND_LOOKUP_INVALID', '身份证号不正确：请核对后重新填写 18 位身份证号（最后一位可能是 X）');
  await deps.spamGuard.checkProofOfWork(input.proofOfWork);
  await deps.fundLookups.allow(deps.spamGuard.senderKey({ kind: 'address', address: input.address }), input.county);
  const live = (await deps.housing.versions(input.county)).filter((v) => v.status === 'live');
  const rounds = new Map(live.map((v) => [v.id, v.round]));
  const own = (await deps.housing.applicationsOf(live.map((v) => v.id), payeeKeyOf(deps.config.HOOK_SECRET, checked.value)))
    .filter((a) => sameName(a.name) === name);
  return Promise.all(own.map(async (a) => {
    const waiting = a.status === '审核通过' && !a.estate && a.waitingOrder !== null;
    // Their place among those still waiting: the 轮候序号 counts those already housed too.
    const place = waiting ? (await deps.housing.applications(a.batchId)).filter((o) => o.status === '审核通过' && !o.estate && o.waitingOrder !== null && o.waitingOrder < a.waitingOrder!).length + 1 : null;
    return {
      round: rounds.get(a.batchId) ?? '', category: a.category, householdSize: a.householdSize, status: a.estate ? '已配租' : a.status, reason: a.reason,
      waitingOrder: a.waitingOrder, waitingPlace: place, estate: a.estate, building: a.building, allocatedOn: a.allocatedOn,
    };
  }));
}

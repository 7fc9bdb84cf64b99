import type { Config } from '../config';
import { PublisherError } from '../errors';
import type { SpamGuard } from '../questions/spam-guard';
import type { FundDisclosureStore } from '../store/fund-disclosure';
import { IdNumberChecker } from './id-number';
import { payeeKeyOf } from './import-payments';
import type { FundLookupAllowance } from './lookup-allowance';

/**
 * A household checks its own payments (本人发放查询) by name and full ID number. What it may learn is
 * only its own rows: the answer for a wrong name, an unknown ID number and a person paid nothing is
 * the same, so nobody learns whether a name or a number exists; the ID number is never shown back
 * (the page says which payments, not whose). A proof of work and two allowances (lookup-allowance.ts)
 * slow guessing to a few tries an hour.
 */
export type OwnLookupDeps = {
  /** The live set may come through a copy a second old (the routes' own, as the disclosure pages read it). */
  fundDisclosure: Pick<FundDisclosureStore, 'liveBatches' | 'paymentsOfPayee'>; spamGuard: Pick<SpamGuard, 'checkProofOfWork' | 'senderKey'>; fundLookups: FundLookupAllowance;
  config: Pick<Config, 'HOOK_SECRET'>;
};
export interface OwnLookupInput { county: string; name: unknown; idNumber: unknown; proofOfWork: unknown; address: string }
export interface OwnPayment { fund: string; item: string | null; township: string; village: string; amountFen: number; paidOn: string }

const NAME_MAX = 50;
const sameName = (a: string) => a.normalize('NFC').replace(/\s+/g, '');

export async function lookupOwnPayments(deps: OwnLookupDeps, input: OwnLookupInput): Promise<OwnPayment[]> {
  const name = typeof input.name === 'string' ? sameName(input.name) : '';
  if (name === '' || [...name].length > NAME_MAX) throw new PublisherError('FUND_LOOKUP_INVALID', `请填写姓名（与发放名册上的一致，最多 ${NAME_MAX} 个字）`);
  // Full-width digits and a lower-case x, as phones type them, are the same number.
  const raw = typeof input.idNumber === 'string' ? input.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase() : '';
  const checked = raw.length > 30 ? null : new IdNumberChecker().check(raw);
  // The message never repeats the number typed (it is not displayed back).
  if (!checked?.ok) throw new PublisherError('FUND_LOOKUP_INVALID', '身份证号不正确：请核对后重新填写 18 位身份证号（最后一位可能是 X）');
  // The proof, the allowances and the live batches wait on Redis and the store together (each a turn of a busy
  // event loop otherwise); a bad proof is the one reported, and still counts as a try.
  const [proof, allowance, live] = await Promise.allSettled([
    deps.spamGuard.checkProofOfWork(input.proofOfWork),
    deps.fundLookups.allow(deps.spamGuard.senderKey({ kind: 'address', address: input.address }), input.county),
    deps.fundDisclosure.liveBatches(input.county),
  ]);
  if (proof.status === 'rejected') throw proof.reason;
  if (allowance.status === 'rejected') throw allowance.reason;
  if (live.status === 'rejected') throw live.reason;
  const batches = live.value;
  const lines = await deps.fundDisclosure.paymentsOfPayee(batches.map((b) => b.id), payeeKeyOf(deps.config.HOOK_SECRET, checked.value));
  return lines.filter((line) => sameName(line.payeeName) === name)
    .map(({ fund, item, township, village, amountFen, paidOn }) => ({ fund, item, township, village, amountFen, paidOn }));
}

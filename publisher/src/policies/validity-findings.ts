import type { Finding, PublishedDocument } from '@tongyuan/channels';
import { chinaToday, statusOn, VALIDITY, type Clock, type Window } from '@tongyuan/document';
import type { ValidityBoard } from './validity-board';

/**
 * Preflight's word on validity: a draft resting on a policy that has ended (or not begun) goes out
 * marked on every channel (已失效 on pages, feeds and ready-to-post packages), so the author hears it
 * before publishing. A basis already published is judged by its live window, the one readers will
 * see (a successor may end it early); otherwise by the dates in the draft.
 */
export async function validityFindings(
  services: { validity: Pick<ValidityBoard, 'windowOf'>; clock: Clock }, doc: PublishedDocument, day = chinaToday(services.clock),
): Promise<Finding[]> {
  const findings: Finding[] = [];
  if (doc.kind === 'policy-document') {
    const window = (await services.validity.windowOf(doc.documentId)) ?? { from: doc.validFrom, to: doc.validTo };
    const status = statusOn(window, day);
    if (status === VALIDITY.expired) findings.push({ level: 'warning', field: 'validTo', message: `本文件已于 ${window.to} 失效，发布后各渠道将标注已失效` });
    if (status === VALIDITY.pending) findings.push({ level: 'warning', field: 'validFrom', message: `本文件 ${window.from} 起才生效，发布后各渠道将标注尚未生效` });
    return findings;
  }
  // 开放活动 rest on no policy document: nothing here can lapse.
  if (doc.kind === 'event') return findings;
  for (const { policy } of doc.basis) {
    const live: Window | null = await services.validity.windowOf(policy.documentId);
    const window = live ?? { from: policy.validFrom, to: policy.validTo };
    const name = `政策依据《${policy.title}》${policy.documentNumber ? `（${policy.documentNumber}）` : ''}`;
    const status = statusOn(window, day);
    if (status === VALIDITY.expired) findings.push({ level: 'warning', field: 'basis', message: `${name}已于 ${window.to} 失效，发布后各渠道将标注已失效` });
    else if (status === VALIDITY.pending) findings.push({ level: 'warning', field: 'basis', message: `${name} ${window.from} 起才生效，现在发布读者会看到尚未生效的政策：请核对日期，或设置定时上线` });
  }
  return findings;
}

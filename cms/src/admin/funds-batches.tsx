import * as React from 'react';
import { Box, Button, Flex, Table, Tbody, Td, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { errorMessage } from './error-message';
import { KIND_NAMES, type BatchKind } from './funds-upload';

/**
 * A county's batches of one kind on the 民生资金 page — 发放明细, 民生项目, 村级财务 or 公租房名册 —
 * with one life: status, rows and total (never a payee), who uploaded and who signed off; for a staged
 * batch 核对明细 (the figures its kind's pages will show), 签发 — not to its uploader, who is told
 * another reviewer signs it (two people, as for interpretations) — and 退回 with a reason (its uploader:
 * 撤销上传); 撤回 with a reason for a live one.
 */
export interface Batch {
  id: number; kind: BatchKind; title: string; fileName: string; status: string; statusName: string; rows: number; total: string; figure: string;
  createdAt: string; liveAt: string | null; uploadedBy: string | null; uploadedById: string | null; signedOffBy: string | null;
  replaces: number | null; correctionNote: string | null; withdrawnReason: string | null; withdrawnBy: string | null; errors: string[];
  /** A staged batch's 核对明细: what its reviewer checks before 签发 (sums and counts only). */
  review: ReviewTable[] | null;
}
interface ReviewTable { title: string; columns: string[]; rows: string[][]; total?: string[] }
interface Props { county: string; kind: BatchKind; batches: Batch[]; actorId: string; canSignOff: boolean; onDone: (message: string, ok: boolean) => void }
/** What a batch's rows are and what its total is, per kind (a roster has no amount). */
const COLUMNS: Record<BatchKind, { rows: string; total: string | null }> = {
  payments: { rows: '行数', total: '合计（元）' }, projects: { rows: '项目数', total: '投资（元）' }, ledgers: { rows: '收支条数', total: '结余（元）' }, housing: { rows: '申请户数', total: null },
};

/** A refused or sent-back batch keeps none of its rows. */
const unstored = (b: Batch) => b.status === 'failed' || b.status === 'returned';
const chinaTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
const COLOR: Record<string, string> = { staged: 'warning600', live: 'success600', failed: 'danger600', withdrawn: 'neutral600', returned: 'neutral600', replaced: 'neutral600', importing: 'neutral600' };

export function FundsBatches({ county, kind, batches, actorId, canSignOff, onDone }: Props) {
  const { post } = useFetchClient();
  const [busy, setBusy] = React.useState<number | null>(null);
  /** 撤回 (live), 退回 or 撤销上传 (staged): the reason being typed for one batch. */
  const [asking, setAsking] = React.useState<{ id: number; action: 'withdraw' | 'return'; reason: string } | null>(null);
  const [open, setOpen] = React.useState<number | null>(null);

  const act = async (id: number, action: 'live' | 'withdraw' | 'return', reason?: string) => {
    setBusy(id);
    try {
      const { data } = await post<{ message: string }>(`/tongyuan/funds/batches/${id}/${action}?county=${county}`, reason === undefined ? {} : { reason });
      setAsking(null);
      onDone(data.message, true);
    } catch (error) {
      onDone(errorMessage(error, '操作失败：发布服务暂时无法访问，请稍后再试'), false);
    } finally {
      setBusy(null);
    }
  };

  const { rows: rowsLabel, total: totalLabel } = COLUMNS[kind];
  if (batches.length === 0) {
    return <Typography tag="p" textColor="neutral600">还没有{KIND_NAMES[kind]}批次：上传一张{KIND_NAMES[kind]}表后，这里列出它的{rowsLabel}{totalLabel ? '、合计' : ''}和状态。</Typography>;
  }
  const headings = ['批次', '标题', '状态', rowsLabel, ...(totalLabel ? [totalLabel] : []), '上传', '说明', '操作'];
  /** The reason asked for in place of the buttons, then confirmed. */
  const reasonFor = (b: Batch, action: 'withdraw' | 'return', label: string) => (asking?.id === b.id && asking.action === action ? (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <TextInput aria-label={`${label}原因`} placeholder={`${label}原因（必填，留档备查）`} value={asking.reason}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setAsking({ id: b.id, action, reason: e.target.value })} />
      <Flex gap={1}>
        <Button size="S" variant="danger" loading={busy === b.id} disabled={asking.reason.trim() === ''} onClick={() => act(b.id, action, asking.reason)}>确认{label}</Button>
        <Button size="S" variant="tertiary" onClick={() => setAsking(null)}>取消</Button>
      </Flex>
    </Flex>
  ) : <Button size="S" variant="danger-light" onClick={() => setAsking({ id: b.id, action, reason: '' })}>{label}</Button>);

  const actions = (b: Batch) => {
    if (b.status === 'staged') {
      const own = b.uploadedById === actorId;
      const check = <Button size="S" variant="tertiary" onClick={() => setOpen(open === b.id ? null : b.id)}>{open === b.id ? '收起' : '核对明细'}</Button>;
      const why = !canSignOff ? '等待部门审核人或政府办公室签发' : own ? '你上传的批次须由另一位审核人签发' : null;
      return (
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Flex gap={1}>{check}{!why && <Button size="S" loading={busy === b.id} onClick={() => act(b.id, 'live')}>签发</Button>}</Flex>
          {(canSignOff || own) && reasonFor(b, 'return', own ? '撤销上传' : '退回')}
          {why && <Typography variant="pi" textColor="neutral600">{why}</Typography>}
        </Flex>
      );
    }
    if (b.status === 'live' && canSignOff) return reasonFor(b, 'withdraw', '撤回');
    if (b.status === 'failed' && b.errors.length > 0) {
      return <Button size="S" variant="tertiary" onClick={() => setOpen(open === b.id ? null : b.id)}>{open === b.id ? '收起' : '查看要改的行'}</Button>;
    }
    return null;
  };
  const note = (b: Batch) => [
    b.replaces ? `更正批次 ${b.replaces}：${b.correctionNote ?? ''}` : '',
    b.signedOffBy ? `签发：${b.signedOffBy}（${chinaTime(b.liveAt)}）` : '',
    b.withdrawnReason ? `${b.status === 'returned' ? '退回' : '撤回'}：${b.withdrawnReason}${b.withdrawnBy ? `（${b.withdrawnBy}）` : ''}` : '',
    b.status === 'failed' ? b.errors[0] ?? '' : '',
  ].filter(Boolean).join('；');

  return (
    <Table colCount={headings.length} rowCount={batches.length + 1} data-testid={`funds-batches-${kind}`}>
      <Thead>
        <Tr>{headings.map((h) => <Th key={h}><Typography variant="sigma">{h}</Typography></Th>)}</Tr>
      </Thead>
      <Tbody>
        {batches.map((b) => (
          <React.Fragment key={b.id}>
            <Tr data-batch={b.id} data-status={b.status}>
              <Td><Typography>{b.id}</Typography></Td>
              <Td style={{ whiteSpace: 'normal' }}><Typography>{b.title}</Typography></Td>
              <Td><Typography textColor={COLOR[b.status] ?? 'neutral800'} fontWeight="bold">{b.statusName}</Typography></Td>
              <Td><Typography>{unstored(b) ? '—' : b.rows}</Typography></Td>
              {totalLabel && <Td><Typography>{unstored(b) ? '—' : b.total}</Typography></Td>}
              <Td style={{ whiteSpace: 'normal' }}><Typography variant="pi">{b.uploadedBy ?? '命令行'}<br />{chinaTime(b.createdAt)}</Typography></Td>
              <Td style={{ whiteSpace: 'normal', maxWidth: '24rem' }}><Typography variant="pi">{note(b)}</Typography></Td>
              <Td>{actions(b)}</Td>
            </Tr>
            {open === b.id && (b.review || b.errors.length > 0) && (
              <Tr>
                <Td colSpan={headings.length} style={{ whiteSpace: 'normal' }}>
                  <Box paddingTop={2} paddingBottom={2}>{b.review ? <Review review={b.review} /> : <RowErrors errors={b.errors} count={b.errors.length} />}</Box>
                </Td>
              </Tr>
            )}
          </React.Fragment>
        ))}
      </Tbody>
    </Table>
  );
}

/** 行 123：… one a line, the first hundred, with how many there are in all. */
export function RowErrors({ errors, count }: { errors: string[]; count: number }) {
  if (errors.length === 0) return null;
  return (
    <Box data-testid="funds-row-errors">
      {count > errors.length && <Typography tag="p" variant="pi" textColor="neutral600">共 {count} 行需要修改，下面列出前 {errors.length} 行：</Typography>}
      <ul style={{ margin: '4px 0 0 1.2em', listStyle: 'disc' }}>
        {errors.map((e, i) => <li key={i}><Typography variant="pi" textColor="danger600">{e}</Typography></li>)}
      </ul>
    </Box>
  );
}

const FIGURE = /^-?[\d,.]+( 户)?$/;

/** 核对明细: the kind's tables side by side (按资金 and 按乡镇, 按村和期间, 按审核状态 …), each with its 合计 row. */
function Review({ review }: { review: ReviewTable[] }) {
  return (
    <Flex gap={8} alignItems="flex-start" wrap="wrap" data-testid="funds-review">
      {review.map((table) => {
        // A column of figures is right-aligned, its heading too.
        const right = table.columns.map((_, i) => i > 0 && table.rows.length > 0 && table.rows.every((r) => FIGURE.test(r[i])));
        const cell = (text: string, i: number, bold = false) => (
          <td key={i} style={{ padding: '2px 16px 2px 0', textAlign: right[i] ? 'right' : 'left', whiteSpace: 'nowrap' }}>
            <Typography variant="pi" fontWeight={bold ? 'bold' : undefined}>{text}</Typography>
          </td>
        );
        return (
          <Box key={table.title} minWidth="16rem" maxWidth="100%" style={{ overflowX: 'auto' }}>
            <Typography variant="sigma" tag="h3">{table.title}</Typography>
            <table style={{ borderCollapse: 'collapse', marginTop: 4 }} data-review={table.title}>
              <thead><tr>{table.columns.map((c, i) => cell(c, i, true))}</tr></thead>
              <tbody>{table.rows.map((row, r) => <tr key={r}>{row.map((c, i) => cell(c, i))}</tr>)}</tbody>
              {table.total && <tfoot><tr style={{ borderTop: '1px solid #dcdce4' }}>{table.total.map((c, i) => cell(c, i, true))}</tr></tfoot>}
            </table>
          </Box>
        );
      })}
    </Flex>
  );
}

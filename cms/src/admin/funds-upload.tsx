import * as React from 'react';
import { Box, Button, Field, Flex, TextInput, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import type { Batch } from './funds-batches';

/**
 * 上传表格 on the 民生资金 page: the sheet's kind; for a batch (发放明细, 民生项目, 村级财务, 公租房名册)
 * its title — a roster's is its round — and, correcting a published batch, which one and what was
 * corrected; an optional 列对应 for an office's own headers; then the file. The answer is shown as it
 * comes: the rows to fix, or the staged batch.
 */
export type SheetKind = 'villages' | 'catalog' | BatchKind;
export type BatchKind = 'payments' | 'projects' | 'ledgers' | 'housing';
export const KIND_NAMES: Record<SheetKind, string> = { villages: '村名单', catalog: '资金目录', payments: '发放明细', projects: '民生项目', ledgers: '村级财务', housing: '公租房名册' };
export const BATCH_KINDS: BatchKind[] = ['payments', 'projects', 'ledgers', 'housing'];
const isBatch = (kind: SheetKind): kind is BatchKind => (BATCH_KINDS as string[]).includes(kind);
/** What a batch's title is, with an example; a roster's is its round, and correcting it keeps it. */
const TITLES: Record<BatchKind, { label: string; example: string }> = {
  payments: { label: '批次标题', example: '2026年4月耕地地力保护补贴发放' },
  projects: { label: '批次标题', example: '2026年会同县民生项目' },
  ledgers: { label: '批次标题', example: '林城镇2026年第3季度村级财务' },
  housing: { label: '轮次名称', example: '2026年第二批公租房' },
};
/** 列对应 is typed with the columns' Chinese names; the publisher reads them by key (columns.ts). */
const COLUMN_KEYS: Record<SheetKind, Record<string, string>> = {
  villages: { 乡镇: 'township', '村(社区)': 'village', 村: 'village' },
  catalog: { 资金名称: 'name', 资金来源: 'source', 级次: 'level', 资金级次: 'level', 补助标准: 'standard', 资金总额: 'total', 开始日期: 'periodFrom', 结束日期: 'periodTo' },
  payments: { 资金名称: 'fund', 乡镇: 'township', '村(社区)': 'village', 村: 'village', 姓名: 'name', 身份证号: 'idNumber', 发放金额: 'amount', 发放日期: 'paidOn', 补贴项目: 'item' },
  projects: {
    项目名称: 'name', 资金名称: 'fund', 乡镇: 'township', '村(社区)': 'village', 村: 'village', 建设内容: 'content', 投资金额: 'amount', 实施单位: 'implementer',
    开工日期: 'startedOn', 完工日期: 'finishedOn', 项目状态: 'status', 绩效目标: 'results', 成效: 'results',
  },
  ledgers: { 乡镇: 'township', '村(社区)': 'village', 村: 'village', 期间: 'period', 类别: 'kind', 科目: 'subject', 摘要: 'summary', 金额: 'amount', 日期: 'entryOn' },
  housing: {
    申请人姓名: 'name', 姓名: 'name', 身份证号: 'idNumber', 乡镇: 'township', 家庭人口: 'size', 申请类别: 'category', 审核状态: 'status', 不予通过理由: 'reason',
    轮候序号: 'order', 房源小区: 'estate', 楼栋: 'building', 配租日期: 'allocatedOn',
  },
};
export interface UploadResult { ok: boolean; message: string; errors?: string[]; errorCount?: number; batch?: Batch }
const SELECT = { width: '100%', padding: '8px', borderRadius: 4, border: '1px solid #dcdce4', fontSize: 14 };

/** "姓名=户主，身份证号=证件号码" as {"name":"户主","idNumber":"证件号码"}, or the Chinese reason it cannot be read. */
export function mappingOf(kind: SheetKind, text: string): Record<string, string> | string {
  const mapping: Record<string, string> = {};
  for (const pair of text.split(/[，,；;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const [column, header] = pair.split(/[=＝]/).map((p) => p.trim().replace(/（/g, '(').replace(/）/g, ')'));
    const key = COLUMN_KEYS[kind][column];
    if (!key || !header) return `列对应“${pair}”看不懂：应写成“${Object.keys(COLUMN_KEYS[kind])[0]}=你表格里的列名”，可用的列：${Object.keys(COLUMN_KEYS[kind]).join('、')}`;
    mapping[key] = header;
  }
  return mapping;
}

export function FundsUpload({ county, batches, onResult }: { county: string; batches: Batch[]; onResult: (result: UploadResult) => void }) {
  const { post } = useFetchClient();
  const input = React.useRef<HTMLInputElement>(null);
  const [kind, setKind] = React.useState<SheetKind>('payments');
  const [title, setTitle] = React.useState('');
  const [replaces, setReplaces] = React.useState('');
  const [note, setNote] = React.useState('');
  const [map, setMap] = React.useState('');
  const [busy, setBusy] = React.useState(false);

  const send = async (file: File) => {
    const mapping = mappingOf(kind, map);
    if (typeof mapping === 'string') return onResult({ ok: false, message: mapping });
    const form = new FormData();
    form.append('file', file);
    if (isBatch(kind)) {
      if (!(kind === 'housing' && replaces)) form.append('title', title);
      if (replaces) form.append('replaces', replaces);
      if (replaces) form.append('note', note);
    }
    if (Object.keys(mapping).length > 0) form.append('map', JSON.stringify(mapping));
    setBusy(true);
    try {
      const { data } = await post<{ message: string; batch?: Batch }>(`/tongyuan/funds/upload?county=${county}&kind=${kind}`, form);
      onResult({ ok: true, message: data.message, batch: data.batch });
      if (isBatch(kind)) [setTitle, setReplaces, setNote].forEach((set) => set(''));
    } catch (error) {
      const body = (error as { response?: { data?: { message?: string; errors?: string[]; errorCount?: number } } }).response?.data;
      onResult({ ok: false, message: body?.message ?? '上传失败：发布服务暂时无法访问，请稍后再试', errors: body?.errors, errorCount: body?.errorCount });
    } finally {
      setBusy(false);
    }
  };
  const live = batches.filter((b) => b.kind === kind && b.status === 'live');
  // A roster's correction is of its round: the round is the one picked, not typed.
  const titled = kind === 'housing' && replaces ? true : title.trim() !== '';
  const ready = !isBatch(kind) || (titled && (!replaces || note.trim() !== ''));
  const pick = (next: SheetKind) => { setKind(next); setReplaces(''); setNote(''); };

  return (
    <Box background="neutral0" padding={4} hasRadius shadow="filterShadow" data-testid="funds-upload">
      <Typography variant="delta" tag="h2">上传表格</Typography>
      <Flex direction="column" alignItems="stretch" gap={3} paddingTop={3}>
        <Field.Root name="kind">
          <Field.Label>表格类型</Field.Label>
          <select aria-label="表格类型" value={kind} onChange={(e) => pick(e.target.value as SheetKind)} style={SELECT}>
            {(Object.keys(KIND_NAMES) as SheetKind[]).map((k) => <option key={k} value={k}>{KIND_NAMES[k]}</option>)}
          </select>
        </Field.Root>
        {isBatch(kind) && (
          <>
            {!(kind === 'housing' && replaces) && (
              <Field.Root name="title" required hint={`公开页面和订阅以它为题，如“${TITLES[kind].example}”`}>
                <Field.Label>{TITLES[kind].label}</Field.Label>
                <TextInput aria-label={TITLES[kind].label} value={title} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTitle(e.target.value)} />
                <Field.Hint />
              </Field.Root>
            )}
            <Field.Root name="replaces" hint={kind === 'housing' ? '已公开的轮次重新上传名册即为更正：请在这里选它' : undefined}>
              <Field.Label>更正已公开的{kind === 'housing' ? '轮次' : '批次'}（选填）</Field.Label>
              <select aria-label="更正已公开的批次" value={replaces} onChange={(e) => setReplaces(e.target.value)} style={SELECT}>
                <option value="">不是更正，是新的一批</option>
                {live.map((b) => <option key={b.id} value={String(b.id)}>批次 {b.id}：{b.title}</option>)}
              </select>
              <Field.Hint />
            </Field.Root>
            {replaces && (
              <Field.Root name="note" required hint="更正了什么、为什么；公开页面会显示这段说明，不要写全名、身份证号或电话">
                <Field.Label>更正说明</Field.Label>
                <Textarea aria-label="更正说明" value={note} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setNote(e.target.value)} />
                <Field.Hint />
              </Field.Root>
            )}
          </>
        )}
        <Field.Root name="map" hint={`表头与模板不同时填写，如“${Object.keys(COLUMN_KEYS[kind]).slice(-2)[0]}=你表格里的列名”，多项用逗号分开`}>
          <Field.Label>列对应（选填）</Field.Label>
          <TextInput aria-label="列对应" value={map} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setMap(e.target.value)} />
          <Field.Hint />
        </Field.Root>
        <Flex gap={2} wrap="wrap">
          <Button loading={busy} disabled={!ready || !county} onClick={() => input.current?.click()}>选择{KIND_NAMES[kind]}文件并上传</Button>
          {!ready && isBatch(kind) && <Typography variant="pi" textColor="neutral600">{titled ? '请填写更正说明' : `请先填写${TITLES[kind].label}`}</Typography>}
        </Flex>
        <input ref={input} type="file" hidden data-testid="funds-file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void send(f); }} />
      </Flex>
    </Box>
  );
}

import * as React from 'react';
import { Box, Button, Field, Flex, TextInput, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import type { Batch } from './funds-batches';

/**
 * 上传表格 on the 民生资金 page: the sheet's kind, for a payment sheet its title (and, correcting a
 * published batch, which one and what was corrected), an optional 列对应 for an office's own headers,
 * then the file. The answer is shown as it comes: the rows to fix, or the staged batch.
 */
export type SheetKind = 'villages' | 'catalog' | 'payments';
export const KIND_NAMES: Record<SheetKind, string> = { villages: '村名单', catalog: '资金目录', payments: '发放明细' };
/** 列对应 is typed with the columns' Chinese names; the publisher reads them by key (columns.ts). */
const COLUMN_KEYS: Record<SheetKind, Record<string, string>> = {
  villages: { 乡镇: 'township', '村(社区)': 'village', 村: 'village' },
  catalog: { 资金名称: 'name', 资金来源: 'source', 级次: 'level', 资金级次: 'level', 补助标准: 'standard', 资金总额: 'total', 开始日期: 'periodFrom', 结束日期: 'periodTo' },
  payments: { 资金名称: 'fund', 乡镇: 'township', '村(社区)': 'village', 村: 'village', 姓名: 'name', 身份证号: 'idNumber', 发放金额: 'amount', 发放日期: 'paidOn', 补贴项目: 'item' },
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

export function FundsUpload({ county, live, onResult }: { county: string; live: Batch[]; onResult: (result: UploadResult) => void }) {
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
    if (kind === 'payments') {
      form.append('title', title);
      if (replaces) form.append('replaces', replaces);
      if (replaces) form.append('note', note);
    }
    if (Object.keys(mapping).length > 0) form.append('map', JSON.stringify(mapping));
    setBusy(true);
    try {
      const { data } = await post<{ message: string; batch?: Batch }>(`/tongyuan/funds/upload?county=${county}&kind=${kind}`, form);
      onResult({ ok: true, message: data.message, batch: data.batch });
      if (kind === 'payments') [setTitle, setReplaces, setNote].forEach((set) => set(''));
    } catch (error) {
      const body = (error as { response?: { data?: { message?: string; errors?: string[]; errorCount?: number } } }).response?.data;
      onResult({ ok: false, message: body?.message ?? '上传失败：发布服务暂时无法访问，请稍后再试', errors: body?.errors, errorCount: body?.errorCount });
    } finally {
      setBusy(false);
    }
  };
  const ready = kind !== 'payments' || (title.trim() !== '' && (!replaces || note.trim() !== ''));

  return (
    <Box background="neutral0" padding={4} hasRadius shadow="filterShadow" data-testid="funds-upload">
      <Typography variant="delta" tag="h2">上传表格</Typography>
      <Flex direction="column" alignItems="stretch" gap={3} paddingTop={3}>
        <Field.Root name="kind">
          <Field.Label>表格类型</Field.Label>
          <select aria-label="表格类型" value={kind} onChange={(e) => setKind(e.target.value as SheetKind)} style={SELECT}>
            {(Object.keys(KIND_NAMES) as SheetKind[]).map((k) => <option key={k} value={k}>{KIND_NAMES[k]}</option>)}
          </select>
        </Field.Root>
        {kind === 'payments' && (
          <>
            <Field.Root name="title" required hint="公开页面和订阅以它为题，如“2026年4月耕地地力保护补贴发放”">
              <Field.Label>批次标题</Field.Label>
              <TextInput aria-label="批次标题" value={title} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTitle(e.target.value)} />
              <Field.Hint />
            </Field.Root>
            <Field.Root name="replaces">
              <Field.Label>更正已公开的批次（选填）</Field.Label>
              <select aria-label="更正已公开的批次" value={replaces} onChange={(e) => setReplaces(e.target.value)} style={SELECT}>
                <option value="">不是更正，是新的一批</option>
                {live.map((b) => <option key={b.id} value={String(b.id)}>批次 {b.id}：{b.title}</option>)}
              </select>
            </Field.Root>
            {replaces && (
              <Field.Root name="note" required hint="更正了什么、为什么；公开页面会显示这段说明">
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
          {!ready && <Typography variant="pi" textColor="neutral600">{title.trim() ? '请填写更正说明' : '请先填写批次标题'}</Typography>}
        </Flex>
        <input ref={input} type="file" hidden data-testid="funds-file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void send(f); }} />
      </Flex>
    </Box>
  );
}

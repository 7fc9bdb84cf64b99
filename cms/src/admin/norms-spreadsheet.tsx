import * as React from 'react';
import { Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { useParams } from 'react-router-dom';

const UID = 'api::norm-entry.norm-entry';

/**
 * 导出 Excel / 从 Excel 导入 above the 表述规范 list: the office keeps or receives its list as a
 * spreadsheet. An import takes all rows or none; the problems of each bad row are listed (第 N 行：…).
 */
export function NormsSpreadsheetActions() {
  const { slug } = useParams<{ slug: string }>();
  const { get, post } = useFetchClient();
  const input = React.useRef<HTMLInputElement>(null);
  const [state, setState] = React.useState<{ busy?: boolean; message?: string; problems?: string[]; ok?: boolean }>({});
  if (slug !== UID) return null;

  const download = async () => {
    setState({ busy: true });
    try {
      const { data } = await get<Blob>('/tongyuan/norms/export.xlsx', { responseType: 'blob' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(data);
      link.download = '表述规范库.xlsx';
      link.click();
      URL.revokeObjectURL(link.href);
      setState({});
    } catch (error) {
      setState({ message: messageOf(error, '导出失败') });
    }
  };

  const upload = async (file: File) => {
    setState({ busy: true });
    const form = new FormData();
    form.append('file', file);
    try {
      const { data } = await post<{ message: string }>('/tongyuan/norms/import', form);
      setState({ ok: true, message: data.message });
      window.setTimeout(() => window.location.reload(), 1500); // the list shows the new entries
    } catch (error) {
      const body = (error as { response?: { data?: { message?: string; problems?: string[] } } }).response?.data;
      setState({ message: body?.message ?? messageOf(error, '导入失败'), problems: body?.problems });
    }
  };

  return (
    <Flex direction="column" alignItems="flex-start" gap={1} data-testid="norms-spreadsheet">
      <Flex gap={2}>
        <Button variant="secondary" disabled={state.busy} onClick={download}>导出 Excel</Button>
        <Button variant="secondary" disabled={state.busy} onClick={() => input.current?.click()}>从 Excel 导入</Button>
        <input ref={input} type="file" hidden accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void upload(f); }} />
      </Flex>
      {state.message && <Typography variant="pi" textColor={state.ok ? 'success600' : 'danger600'} data-testid="norms-import-message">{state.message}</Typography>}
      {state.problems && state.problems.length > 5 && (
        <Typography variant="pi" textColor="danger600">{state.problems.slice(5, 20).join('；')}{state.problems.length > 20 ? ' …' : ''}</Typography>
      )}
    </Flex>
  );
}

const messageOf = (error: unknown, fallback: string) =>
  (error as { response?: { data?: { message?: string } } }).response?.data?.message ?? fallback;

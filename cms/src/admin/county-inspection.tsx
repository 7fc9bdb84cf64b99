import * as React from 'react';
import { Box, Button, Field, Flex, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { errorMessage } from './error-message';

/**
 * 巡检与年度报告 (the admin's menu link): the latest inspection's findings and the annual report of
 * the user's county, without ops credentials. The server decides the county (county-routes.ts):
 * a county's staff see theirs; the city office sees every county's or picks one here.
 */
interface Finding { account: string; accountName: string; department: string; kindName: string; detail: string; url: string | null }
interface Inspection { county: { code: string; name: string } | null; run: { finishedAt: string | null; accounts: number; error: string | null } | null; findings: Finding[] }
interface County { code: string; name: string }

const chinaTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
const messageOf = (error: unknown) => errorMessage(error, '发布服务暂时无法访问，请稍后再试');

/** Shows (HTML, in the tab opened on the click) or saves (CSV, PDF) what the server answered, as the logged-in user fetched it. */
function hand(blob: Blob, fileName: string | null, tab: Window | null) {
  const url = URL.createObjectURL(blob);
  if (tab) tab.location.href = url;
  else Object.assign(document.createElement('a'), { href: url, download: fileName ?? '' }).click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export default function CountyInspectionPage() {
  const { get } = useFetchClient();
  const [county, setCounty] = React.useState('');
  const [counties, setCounties] = React.useState<County[]>([]);
  const [state, setState] = React.useState<{ data?: Inspection; error?: string; busy?: string }>({});
  const year = new Date().getFullYear();
  const query = county ? `&county=${county}` : '';

  React.useEffect(() => {
    setState({});
    get<Inspection>(`/tongyuan/inspection?format=json${query}`).then(({ data }) => setState({ data }), (error) => setState({ error: messageOf(error) }));
  }, [query]);
  React.useEffect(() => {
    // Only the city office may pick: a county's staff read only their own county here, and the server decides anyway.
    get<{ results: County[] }>('/content-manager/collection-types/api::county.county?page=1&pageSize=100&sort=code:ASC')
      .then(({ data }) => setCounties(data.results.length > 1 ? data.results : []), () => setCounties([]));
  }, []);

  const download = async (label: string, path: string, fileName: string | null) => {
    // A web page opens in a tab opened now, on the click (a tab opened after the wait would be blocked as a pop-up).
    const tab = fileName ? null : window.open('', '_blank');
    tab?.document.write('<p style="font-family: sans-serif">正在生成报告……</p>');
    setState((s) => ({ ...s, busy: label, error: undefined }));
    try {
      const { data } = await get(path, { responseType: 'blob' });
      hand(data as Blob, fileName, tab);
      setState((s) => ({ ...s, busy: undefined }));
    } catch (error) {
      tab?.close();
      // Asked for a blob, the server's Chinese error comes as one too.
      const body = (error as { response?: { data?: unknown } }).response?.data;
      const message = body instanceof Blob ? await body.text().then((t) => JSON.parse(t).message as string).catch(() => undefined) : undefined;
      setState((s) => ({ ...s, busy: undefined, error: message ?? messageOf(error) }));
    }
  };
  const { data } = state;
  const name = data ? data.county?.name ?? '全部区县' : '';

  return (
    <Page.Main>
      <Page.Title>巡检与年度报告</Page.Title>
      <Layouts.Header title={data ? `${name} · 巡检` : '巡检与年度报告'} subtitle="最近一次渠道巡检发现的问题，以及年度报告（只含你有权查看的区县）" docLink={null} />
      <Layouts.Content>
        <Flex gap={2} wrap="wrap" paddingBottom={4} alignItems="flex-end">
          {counties.length > 0 && (
            <Field.Root name="county" width="16rem">
              <Field.Label>区县</Field.Label>
              <SingleSelect value={county} onChange={(value: string | number) => setCounty(String(value))} placeholder="全部区县">
                <SingleSelectOption value="">全部区县</SingleSelectOption>
                {counties.map((c) => <SingleSelectOption key={c.code} value={c.code}>{c.name}</SingleSelectOption>)}
              </SingleSelect>
            </Field.Root>
          )}
          <Button variant="secondary" loading={state.busy === 'csv'} onClick={() => download('csv', `/tongyuan/inspection?format=csv${query}`, `${name}渠道巡检.csv`)}>下载巡检结果（CSV）</Button>
          <Button variant="secondary" loading={state.busy === 'html'} onClick={() => download('html', `/tongyuan/report?format=html&year=${year}${query}`, null)}>{year} 年度报告（网页）</Button>
          <Button variant="secondary" loading={state.busy === 'pdf'} onClick={() => download('pdf', `/tongyuan/report?format=pdf&year=${year}${query}`, `${name}${year}年度报告.pdf`)}>{year} 年度报告（PDF）</Button>
        </Flex>
        {state.error && <Typography tag="p" textColor="danger600" role="alert">{state.error}</Typography>}
        {data && !data.run && <Typography tag="p">还没有巡检记录：发布服务启动几分钟后进行第一次。</Typography>}
        {data?.run && (
          <Box paddingBottom={4}>
            <Typography tag="p">最近一次巡检：{chinaTime(data.run.finishedAt)}（北京时间），{name}发现 {data.findings.length} 个问题{data.run.error ? `；巡检出错：${data.run.error}` : ''}。</Typography>
          </Box>
        )}
        {data && data.findings.length > 0 && (
          <Table colCount={4} rowCount={data.findings.length + 1}>
            <Thead><Tr><Th><Typography variant="sigma">账号</Typography></Th><Th><Typography variant="sigma">主办部门</Typography></Th><Th><Typography variant="sigma">问题</Typography></Th><Th><Typography variant="sigma">详情</Typography></Th></Tr></Thead>
            <Tbody>
              {data.findings.map((f, i) => (
                <Tr key={`${f.account}-${i}`}>
                  <Td><Typography>{f.accountName}</Typography></Td>
                  <Td><Typography>{f.department}</Typography></Td>
                  <Td><Typography textColor="danger600" fontWeight="bold">{f.kindName}</Typography></Td>
                  <Td style={{ whiteSpace: 'normal' }}><Typography>{f.detail}{f.url ? ` ${f.url}` : ''}</Typography></Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
    </Page.Main>
  );
}

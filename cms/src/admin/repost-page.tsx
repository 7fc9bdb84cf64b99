import * as React from 'react';
import { Badge, Button, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';

/**
 * 重要信息转载 (the admin's menu link): the items the city office marked for reposting. A county's
 * 政府办公室 sees those asking its county, with the due time, and reposts each with one click
 * (src/reposting/routes.ts); the city office sees every marked item and which counties reposted it.
 */
interface Copy { documentId: string; publishedAt: string | null }
interface Item {
  documentId: string; title: string; source: string | null; publishedAt: string; days: number; dueAt: string;
  counties: Array<{ code: string; name: string; copy: Copy | null }>;
}
interface Marked { county: { code: string; name: string } | null; mayRepost: boolean; items: Item[] }

const chinaTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
const messageOf = (error: unknown) => {
  const data = (error as { response?: { data?: { message?: string; error?: { message?: string } } } }).response?.data;
  return data?.message ?? data?.error?.message ?? '操作失败，请稍后再试';
};
const editLink = (documentId: string) => `/admin/content-manager/collection-types/api::interpretation.interpretation/${documentId}`;

function CountyState({ item, county }: { item: Item; county: Item['counties'][number] }) {
  if (county.copy?.publishedAt) return <Badge backgroundColor="success100" textColor="success700">已转载</Badge>;
  const late = Date.now() > Date.parse(item.dueAt);
  return <Badge backgroundColor={late ? 'danger100' : 'warning100'} textColor={late ? 'danger700' : 'warning700'}>{late ? '已逾期' : '待转载'}</Badge>;
}

export default function RepostPage() {
  const { get, post } = useFetchClient();
  const [state, setState] = React.useState<{ data?: Marked; error?: string; busy?: string; done?: string }>({});
  const load = React.useCallback(() => get<Marked>('/tongyuan/repost').then(({ data }) => setState((s) => ({ ...s, data })), (error) => setState({ error: messageOf(error) })), [get]);
  React.useEffect(() => { load(); }, [load]);

  const repost = async (item: Item) => {
    setState((s) => ({ ...s, busy: item.documentId, error: undefined, done: undefined }));
    try {
      const { data } = await post<{ message: string }>(`/tongyuan/repost/${item.documentId}`, {});
      setState((s) => ({ ...s, busy: undefined, done: data.message }));
      await load();
    } catch (error) {
      setState((s) => ({ ...s, busy: undefined, error: messageOf(error) }));
    }
  };
  const { data } = state;
  const own = data?.county;

  return (
    <Page.Main>
      <Page.Title>重要信息转载</Page.Title>
      <Layouts.Header title="重要信息转载" subtitle={own ? `市级政府办公室要求${own.name}转载的重要信息：请在期限内一键转载（转载稿署本区县、发到本区县的站点和原稿的渠道，并注明来源）` : '市级政府办公室标记的重要信息及各区县的转载情况'} />
      <Layouts.Content>
        {state.error && <Typography tag="p" textColor="danger600" role="alert">{state.error}</Typography>}
        {state.done && <Typography tag="p" textColor="success600" role="status">{state.done}</Typography>}
        {data && data.items.length === 0 && <Typography tag="p">目前没有需要转载的重要信息。</Typography>}
        {data && data.items.length > 0 && (
          <Table colCount={5} rowCount={data.items.length + 1}>
            <Thead><Tr>{['稿件', '来源', '期限', own ? '状态' : '各区县', ''].map((h) => <Th key={h}><Typography variant="sigma">{h}</Typography></Th>)}</Tr></Thead>
            <Tbody>
              {data.items.map((item) => {
                const mine = own ? item.counties[0] : undefined;
                return (
                  <Tr key={item.documentId}>
                    <Td style={{ whiteSpace: 'normal' }}><Typography fontWeight="bold">《{item.title}》</Typography></Td>
                    <Td><Typography>{item.source ?? '—'}</Typography></Td>
                    <Td><Typography>{item.days} 天内（截止 {chinaTime(item.dueAt)}）</Typography></Td>
                    <Td style={{ whiteSpace: 'normal' }}>
                      {mine ? <CountyState item={item} county={mine} /> : item.counties.map((c) => <span key={c.code} style={{ marginRight: 8 }}><Typography>{c.name}</Typography> <CountyState item={item} county={c} /></span>)}
                    </Td>
                    <Td>
                      {mine?.copy?.publishedAt && <a href={editLink(mine.copy.documentId)}><Typography textColor="primary600">查看转载稿</Typography></a>}
                      {mine && !mine.copy?.publishedAt && data.mayRepost && <Button size="S" loading={state.busy === item.documentId} onClick={() => repost(item)}>一键转载</Button>}
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
    </Page.Main>
  );
}

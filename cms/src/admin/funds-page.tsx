import * as React from 'react';
import { Box, Button, Field, Flex, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { errorMessage } from './error-message';
import { FundsBatches, RowErrors, type Batch } from './funds-batches';
import { BATCH_KINDS, FundsUpload, KIND_NAMES, type SheetKind, type UploadResult } from './funds-upload';

/**
 * 民生资金 (the admin's menu link): a county's village list and fund catalogue, and its sheets of
 * 发放明细, 民生项目, 村级财务 and 公租房名册 uploaded as batches, checked (核对明细), signed off (签发)
 * and withdrawn, without the command line; an empty template of each kind. The CMS decides the county
 * and role (cms/src/funds/upload-routes.ts); the publisher checks every row.
 */
interface Context { counties: Array<{ code: string; name: string }>; scoped: boolean; canUpload: boolean; canSignOff: boolean; actorId: string }
interface Listing { villages: number; funds: number; batches: Batch[] }

/** Saves what the server answered (a template) as the logged-in user fetched it. */
function save(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  Object.assign(document.createElement('a'), { href: url, download: fileName }).click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export default function FundsPage() {
  const { get } = useFetchClient();
  const [context, setContext] = React.useState<Context | null>(null);
  const [county, setCounty] = React.useState('');
  const [listing, setListing] = React.useState<Listing | null>(null);
  const [result, setResult] = React.useState<UploadResult | null>(null);
  const [error, setError] = React.useState<string | null>(null);

  React.useEffect(() => {
    get<Context>('/tongyuan/funds/context').then(({ data }) => {
      setContext(data);
      if (data.counties.length === 1) setCounty(data.counties[0].code);
    }, (e) => setError(errorMessage(e, '发布服务暂时无法访问，请稍后再试')));
  }, []);
  const allowed = Boolean(context && (context.canUpload || context.canSignOff));
  const reload = React.useCallback(() => {
    if (!county || !allowed) return;
    get<Listing>(`/tongyuan/funds/batches?county=${county}`).then(({ data }) => setListing(data), (e) => setError(errorMessage(e, '发布服务暂时无法访问，请稍后再试')));
  }, [county, allowed]);
  React.useEffect(() => { setListing(null); setResult(null); reload(); }, [reload]);

  const template = async (kind: SheetKind, format: 'xlsx' | 'csv') => {
    try {
      const { data } = await get<Blob>(`/tongyuan/funds/templates/${kind}.${format}`, { responseType: 'blob' });
      save(data, `${KIND_NAMES[kind]}模板.${format}`);
    } catch (e) {
      setError(errorMessage(e, '模板下载失败，请稍后再试'));
    }
  };
  const done = (message: string, ok: boolean) => { setResult({ ok, message }); reload(); };
  const name = context?.counties.find((c) => c.code === county)?.name ?? '';

  return (
    <Page.Main>
      <Page.Title>民生资金</Page.Title>
      <Layouts.Header title={name ? `${name} · 民生资金` : '民生资金'} subtitle="上传村名单、资金目录，以及发放明细、民生项目、村级财务和公租房名册；每一批校验通过后，由另一位审核人核对签发公开" docLink={null} />
      <Layouts.Content>
        {error && <Typography tag="p" textColor="danger600" role="alert">{error}</Typography>}
        {context && !allowed && <Typography tag="p" textColor="neutral600">民生资金由财政等部门的经办人上传、部门审核人或政府办公室签发；你的角色不需要使用这个页面。</Typography>}
        {context && context.counties.length === 0 && <Typography tag="p" textColor="danger600">你的账号还没有归属任何区县，请联系市级政府办公室把你加入所在区县的工作人员。</Typography>}
        {allowed && context && context.counties.length > 1 && (
          <Box paddingBottom={4} width="16rem">
            <Field.Root name="county">
              <Field.Label>区县</Field.Label>
              <select aria-label="区县" value={county} onChange={(e) => setCounty(e.target.value)} style={{ width: '100%', padding: 8, borderRadius: 4, border: '1px solid #dcdce4' }}>
                <option value="">请选择区县</option>
                {context.counties.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
              </select>
            </Field.Root>
          </Box>
        )}
        <Flex gap={2} wrap="wrap" paddingBottom={4} alignItems="center" data-testid="funds-templates">
          <Typography>下载空白模板：</Typography>
          {(Object.keys(KIND_NAMES) as SheetKind[]).map((k) => (
            <Flex key={k} gap={1} alignItems="center" paddingRight={3}>
              <Typography variant="omega" fontWeight="bold">{KIND_NAMES[k]}</Typography>
              <Button size="S" variant="secondary" aria-label={`${KIND_NAMES[k]}模板（Excel）`} onClick={() => template(k, 'xlsx')}>Excel</Button>
              <Button size="S" variant="tertiary" aria-label={`${KIND_NAMES[k]}模板（CSV）`} onClick={() => template(k, 'csv')}>CSV</Button>
            </Flex>
          ))}
        </Flex>
        {listing && (
          <Typography tag="p" paddingBottom={4} data-testid="funds-lists">
            {name}：村名单 {listing.villages} 个村(社区)，资金目录 {listing.funds} 项资金。各批表格按村名单逐行校验（发放明细和民生项目还按资金目录）
            {listing.villages === 0 || listing.funds === 0 ? '：请先上传这两张表。' : '；乡镇、村或资金有变动时，先更新这两张表。'}
          </Typography>
        )}
        {county && context?.canUpload && <FundsUpload county={county} batches={listing?.batches ?? []} onResult={(r) => { setResult(r); reload(); }} />}
        {result && (
          <Box paddingTop={4} paddingBottom={2} data-testid="funds-result" role="status">
            <Typography tag="p" fontWeight="bold" textColor={result.ok ? 'success600' : 'danger600'} style={{ whiteSpace: 'pre-line' }}>
              {result.ok || !result.errors?.length ? result.message : `有 ${result.errorCount ?? result.errors.length} 行需要修改，整批未导入：请改好后重新上传整张表`}
            </Typography>
            {!result.ok && <RowErrors errors={result.errors ?? []} count={result.errorCount ?? 0} />}
          </Box>
        )}
        {county && listing && BATCH_KINDS.map((kind) => (
          <Box paddingTop={6} key={kind} data-testid={`funds-section-${kind}`}>
            <Typography variant="delta" tag="h2">{KIND_NAMES[kind]}批次</Typography>
            <Box paddingTop={2}>
              <FundsBatches county={county} kind={kind} batches={listing.batches.filter((b) => b.kind === kind)} actorId={context?.actorId ?? ''}
                canSignOff={Boolean(context?.canSignOff)} onDone={done} />
            </Box>
          </Box>
        ))}
      </Layouts.Content>
    </Page.Main>
  );
}

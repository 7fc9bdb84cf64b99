import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';

/**
 * 问卷结果 on the edit view of a survey (问卷调查): the results as charts (a page opened in a new
 * tab) and as an Excel file, fetched as the logged-in user — the server lets only the organizing
 * department (and its county's office, the city office) have them (cms/src/surveys/results-route.ts).
 */
const SURVEY = 'api::survey.survey';

function hand(blob: Blob, fileName: string | null, tab: Window | null) {
  const url = URL.createObjectURL(blob);
  if (tab) tab.location.href = url;
  else Object.assign(document.createElement('a'), { href: url, download: fileName ?? '' }).click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function Results({ documentId, title }: { documentId: string; title: string }) {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ busy?: string; error?: string }>({});
  const fetchAs = async (format: 'html' | 'xlsx') => {
    // The page opens in a tab opened now, on the click (one opened after the wait would be blocked as a pop-up).
    const tab = format === 'html' ? window.open('', '_blank') : null;
    tab?.document.write('<p style="font-family: sans-serif">正在生成问卷结果……</p>');
    setState({ busy: format });
    try {
      const { data } = await get(`/tongyuan/surveys/${documentId}/results?format=${format}`, { responseType: 'blob' });
      hand(data as Blob, format === 'xlsx' ? `${title}（问卷结果）.xlsx` : null, tab);
      setState({});
    } catch (error) {
      tab?.close();
      const body = (error as { response?: { data?: unknown } }).response?.data;
      const message = body instanceof Blob ? await body.text().then((t) => JSON.parse(t).message as string).catch(() => undefined) : undefined;
      setState({ error: message ?? '问卷结果暂时无法生成，请稍后再试' });
    }
  };
  return (
    <Box>
      <Flex gap={2} wrap="wrap">
        <Button variant="secondary" size="S" loading={state.busy === 'html'} onClick={() => fetchAs('html')}>查看结果（图表）</Button>
        <Button variant="secondary" size="S" loading={state.busy === 'xlsx'} onClick={() => fetchAs('xlsx')}>下载结果（Excel）</Button>
      </Flex>
      <Typography tag="p" variant="pi" textColor="neutral600">只有组织部门能查看。文字意见已作为“建议”进入咨询，请在“咨询”中按“意见来源”找到并答复。</Typography>
      {state.error && <Typography tag="p" variant="pi" textColor="danger600">{state.error}</Typography>}
    </Box>
  );
}

export const SurveyPanel = ({ model, documentId, document }: { model: string; documentId?: string; document?: Record<string, any> }) => {
  if (model !== SURVEY || !documentId || !document) return null;
  return { title: '问卷结果', content: <Results documentId={documentId} title={String(document.title ?? '问卷')} /> };
};

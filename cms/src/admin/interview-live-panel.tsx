import * as React from 'react';
import { Box, Button, Checkbox, Field, Flex, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient, useForm } from '@strapi/strapi/admin';
import { useReloadDraft } from './norms-findings';

/**
 * 文字直播 on the edit view of an interview (an interpretation of format 访谈): during the interview
 * the editor picks who is speaking, types the turn and sends it. The CMS passes it to the publisher,
 * which pushes it to every reader of the live page, then appends it to the draft's 访谈实录 — so the
 * edit view reloads the draft after each turn, and sending waits while the form has unsaved changes
 * (saving a stale form would drop the turns just sent).
 */
const INTERPRETATION = 'api::interpretation.interpretation';
const HOST = '主持人';
const PUBLIC_QUESTION = '网友提问';

const messageOf = (error: unknown) =>
  (error as { response?: { data?: { message?: string } } }).response?.data?.message ?? '这段发言没有发出，请稍后再发';

function LiveDesk({ documentId, guests }: { documentId: string; guests: string[] }) {
  const { post } = useFetchClient();
  const modified = useForm('InterviewLiveDesk', (s) => s.modified, false);
  const reloadDraft = useReloadDraft(INTERPRETATION, documentId);
  const speakers = [HOST, ...guests, PUBLIC_QUESTION];
  const [speaker, setSpeaker] = React.useState(guests[0] ?? HOST);
  const [text, setText] = React.useState('');
  const [highlight, setHighlight] = React.useState(false);
  const [state, setState] = React.useState<{ busy?: boolean; error?: string; sent?: string }>({});

  const send = async () => {
    setState({ busy: true });
    try {
      const { data } = await post<{ transcriptTurns: number }>(`/tongyuan/interviews/${documentId}/turns`, { speaker, text, highlight });
      setText('');
      setHighlight(false);
      setState({ sent: `已发出第 ${data.transcriptTurns} 段（${speaker}），读者页面已更新，实录已加入草稿` });
      reloadDraft();
    } catch (error) {
      setState({ error: messageOf(error) });
    }
  };

  return (
    <Box data-interview-live-desk>
      <Field.Root name="interviewLiveSpeaker">
        <Field.Label>发言人</Field.Label>
        <select value={speaker} onChange={(e) => setSpeaker(e.target.value)} style={{ width: '100%', padding: '6px', borderRadius: 4, border: '1px solid #dcdce4' }}>
          {speakers.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
      </Field.Root>
      <Box paddingTop={2}>
        <Field.Root name="interviewLiveText" hint="发出后读者页面即时显示，不需要再发布">
          <Field.Label>发言内容</Field.Label>
          <Textarea value={text} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)} placeholder="输入这段发言" />
          <Field.Hint />
        </Field.Root>
      </Box>
      <Box paddingTop={2}>
        <Checkbox checked={highlight} onCheckedChange={(checked: boolean | 'indeterminate') => setHighlight(checked === true)}>精彩片段（做成短视频字幕卡）</Checkbox>
      </Box>
      <Flex paddingTop={2} gap={2} wrap="wrap">
        <Button size="S" loading={state.busy} disabled={Boolean(modified) || text.trim() === ''} onClick={send}>发出这段</Button>
        {modified && <Typography variant="pi" textColor="neutral600">有未保存的修改：请先保存草稿，再发文字直播</Typography>}
      </Flex>
      {state.sent && <Typography tag="p" variant="pi" textColor="success600" data-live-sent>{state.sent}</Typography>}
      {state.error && <Typography tag="p" variant="pi" textColor="danger600" data-live-error>{state.error}</Typography>}
    </Box>
  );
}

export const InterviewLivePanel = ({ model, documentId, document }: { model: string; documentId?: string; document?: Record<string, any> }) => {
  if (model !== INTERPRETATION || !documentId || document?.format !== 'interview') return null;
  const guests = ((document.guests ?? []) as Array<{ name?: string }>).map((g) => g.name?.trim()).filter((n): n is string => !!n);
  return { title: '文字直播', content: <LiveDesk documentId={documentId} guests={guests} /> };
};

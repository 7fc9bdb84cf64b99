import * as React from 'react';
import { Box, Button, Flex, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { errorMessage } from './error-message';

/**
 * 现场意见簿 on the edit view of an open event (开放活动): the organizing department types in the
 * comments people wrote in the event's comment book, one paragraph each; each becomes a 建议 in
 * 咨询, routed back to the department and due like any other (cms/src/events/organizer-routes.ts).
 */
const EVENT = 'api::open-event.open-event';
interface Recorded { receipt: string; duplicate: boolean }

/** Comments are separated by an empty line; a line break inside one stays. */
export const commentsOf = (text: string) => text.split(/\n\s*\n/).map((c) => c.trim()).filter(Boolean);

function CommentBook({ documentId }: { documentId: string }) {
  const { post } = useFetchClient();
  const [text, setText] = React.useState('');
  const [state, setState] = React.useState<{ busy?: boolean; done?: Recorded[]; error?: string }>({});
  const comments = commentsOf(text);
  const send = async () => {
    setState({ busy: true });
    try {
      const { data } = await post<{ recorded: Recorded[] }>(`/tongyuan/events/${documentId}/comments`, { comments });
      setState({ done: data.recorded });
      setText('');
    } catch (error) {
      setState({ error: errorMessage(error, '暂时无法录入，请稍后再试；已填写的内容仍在框中') });
    }
  };
  const fresh = state.done?.filter((r) => !r.duplicate) ?? [];
  const again = (state.done?.length ?? 0) - fresh.length;
  return (
    <Box>
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Textarea name="comment-book" aria-label="现场意见" placeholder="每条意见一段，段与段之间空一行；不要填写留言人的姓名和电话" value={text}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)} />
        <Button variant="secondary" size="S" loading={state.busy} disabled={comments.length === 0} onClick={send}>
          {comments.length > 0 ? `录入 ${comments.length} 条为建议` : '录入为建议'}
        </Button>
      </Flex>
      {state.done && (
        <Typography tag="p" variant="pi" textColor="success600">
          已录入 {fresh.length} 条建议{again > 0 ? `（另有 ${again} 条此前已录入）` : ''}，请在“咨询”中按“意见来源”答复：{state.done.map((r) => r.receipt).join('、')}
        </Typography>
      )}
      {state.error && <Typography tag="p" variant="pi" textColor="danger600">{state.error}</Typography>}
    </Box>
  );
}

export const CommentBookPanel = ({ model, documentId }: { model: string; documentId?: string }) => {
  if (model !== EVENT || !documentId) return null;
  return { title: '现场意见簿', content: <CommentBook documentId={documentId} /> };
};

import * as React from 'react';
import { Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';

/**
 * 咨询办理 on the edit view of a question (宜企问): whether it is past its due time, one click to
 * make a 政策问答 draft of the answer, and the group of similar questions it belongs to — a
 * flagged group becomes one short-video Q&A draft with one more click.
 */
const QUESTION = 'api::question.question';

interface Group { ids: string[]; size: number; title: string; keywords: string[]; flagged: boolean; members: Array<{ receipt: string; question: string; answered: boolean }> }
type Result = { documentId: string; title: string } | null;

const messageOf = (error: unknown, fallback: string) =>
  (error as { response?: { data?: { message?: string; error?: { message?: string } } } }).response?.data?.message
  ?? (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ?? fallback;

/** Where the admin opens a draft it just made. */
const editLink = (documentId: string) => `/admin/content-manager/collection-types/api::interpretation.interpretation/${documentId}`;

function Drafted({ result }: { result: Result }) {
  if (!result) return null;
  return <Typography tag="p" variant="pi">已生成草稿 <a href={editLink(result.documentId)}>《{result.title}》</a>：请按审核流程提交。</Typography>;
}

function AnswerToQa({ documentId }: { documentId: string }) {
  const { post } = useFetchClient();
  const [state, setState] = React.useState<{ busy?: boolean; error?: string; result?: Result }>({});
  const run = async () => {
    setState({ busy: true });
    try {
      const { data } = await post<{ documentId: string; title: string }>(`/tongyuan/questions/${documentId}/qa-draft`, {});
      setState({ result: data });
    } catch (error) {
      setState({ error: messageOf(error, '生成失败，请稍后再试') });
    }
  };
  return (
    <Box paddingTop={2}>
      <Button variant="secondary" size="S" loading={state.busy} onClick={run}>公开为政策问答</Button>
      <Typography tag="p" variant="pi" textColor="neutral600">用“公开的问题表述”和答复生成问答解读草稿，不含提问人信息。</Typography>
      {state.error && <Typography tag="p" variant="pi" textColor="danger600">{state.error}</Typography>}
      <Drafted result={state.result ?? null} />
    </Box>
  );
}

function SimilarQuestions({ receipt }: { receipt: string }) {
  const { get, post } = useFetchClient();
  const [group, setGroup] = React.useState<Group | null | undefined>(undefined);
  const [state, setState] = React.useState<{ busy?: boolean; error?: string; result?: Result }>({});
  React.useEffect(() => {
    get<{ groups: Group[] }>('/tongyuan/question-groups?days=365')
      .then(({ data }) => setGroup(data.groups.find((g) => g.ids.includes(receipt)) ?? null))
      .catch(() => setGroup(null));
  }, [get, receipt]);
  if (group === undefined) return <Typography variant="pi" textColor="neutral600">正在查找相似问题…</Typography>;
  if (group === null) return <Typography variant="pi" textColor="neutral600">近一年没有相似的问题。</Typography>;
  const draft = async () => {
    setState({ busy: true });
    try {
      const { data } = await post<{ documentId: string; title: string }>('/tongyuan/question-groups/draft', { receipts: group.ids, label: group.title });
      setState({ result: data });
    } catch (error) {
      setState({ error: messageOf(error, '生成失败，请稍后再试') });
    }
  };
  return (
    <Box paddingTop={3} data-testid="question-group">
      <Flex gap={2}>
        <Typography variant="omega" fontWeight="bold">相似问题：{group.title}</Typography>
        {group.flagged && <Badge backgroundColor="warning100" textColor="warning700">高频 {group.size} 条</Badge>}
      </Flex>
      <ul style={{ margin: '4px 0', paddingLeft: 16 }}>
        {group.members.slice(0, 5).map((m) => <li key={m.receipt}><Typography variant="pi">{m.question}{m.answered ? '（已答复）' : ''}</Typography></li>)}
      </ul>
      {group.flagged && <Button variant="secondary" size="S" loading={state.busy} onClick={draft}>生成短视频问答解读草稿</Button>}
      {state.error && <Typography tag="p" variant="pi" textColor="danger600">{state.error}</Typography>}
      <Drafted result={state.result ?? null} />
    </Box>
  );
}

export const QuestionPanel = ({ model, documentId, document }: { model: string; documentId?: string; document?: Record<string, any> }) => {
  if (model !== QUESTION || !documentId || !document) return null;
  const overdue = document.handling === 'pending' && document.overdue;
  return {
    title: '咨询办理',
    content: (
      <Box>
        <Flex gap={2}>
          <Badge backgroundColor={overdue ? 'danger100' : 'neutral100'} textColor={overdue ? 'danger700' : 'neutral700'}>
            {document.handling === 'answered' ? '已答复' : overdue ? '已逾期' : '待答复'}
          </Badge>
          {document.dueAt && <Typography variant="pi">答复时限 {new Date(document.dueAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</Typography>}
        </Flex>
        {document.handling === 'answered' && <AnswerToQa documentId={documentId} />}
        <SimilarQuestions receipt={document.receipt} />
      </Box>
    ),
  };
};

import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { channelName } from './channel-names';

export { channelName };

/** An instant as people in China read it: 2026/12/3 14:05. */
export const chinaTime = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

interface HistoryChannel { channel: string; status: string; liveFrom: string | null; liveUntil: string | null }
interface Revision { revision: string; title: string | null; createdAt: string; publishedBy: string | null; goLiveAt: string | null; channels: HistoryChannel[] }

const SHOWN = 5;

/** What one channel showed of a revision, in words: from when to when, or why it never did. */
function shown(c: HistoryChannel): string {
  if (c.liveFrom) return `${chinaTime(c.liveFrom)} 起${c.liveUntil ? `，至 ${chinaTime(c.liveUntil)}${c.status === 'WITHDRAWN' ? '（取消发布）' : ''}` : c.status === 'LIVE' ? '，至今' : ''}`;
  const never: Record<string, string> = { FAILED: '未上线（失败）', READY: '待定时上线', QUEUED: '排队中', RENDERING: '渲染中' };
  return never[c.status] ?? '未上线（被新版本取代或已取消发布）';
}

/**
 * 发布记录 on the edit view: every published revision, newest first — who published it, when, its
 * title then, and what each channel showed from when to when. Read again whenever `version`
 * (the panel's latest state) changes.
 */
export function PublicationHistory({ documentId, version }: { documentId: string; version: string }) {
  const { get } = useFetchClient();
  const [revisions, setRevisions] = React.useState<Revision[] | null>(null);
  const [all, setAll] = React.useState(false);
  React.useEffect(() => {
    let stopped = false;
    get<{ revisions: Revision[] }>(`/tongyuan/history/${documentId}`)
      .then(({ data }) => !stopped && setRevisions(data.revisions))
      .catch(() => !stopped && setRevisions(null));
    return () => {
      stopped = true;
    };
  }, [documentId, version, get]);
  if (!revisions || revisions.length === 0) return null;
  return (
    <Box paddingTop={4} data-testid="history">
      <Typography variant="sigma" textColor="neutral600">发布记录</Typography>
      {(all ? revisions : revisions.slice(0, SHOWN)).map((r, i) => (
        <Box key={r.revision} paddingTop={2} data-revision={r.revision}>
          <Typography tag="p" variant="pi" fontWeight="bold">
            {`${chinaTime(r.createdAt)} · ${r.publishedBy ?? '系统'}发布${i === 0 ? '（最新）' : ''}`}
          </Typography>
          {r.title && <Typography tag="p" variant="pi" textColor="neutral600">{`标题：${r.title}`}</Typography>}
          {r.goLiveAt && <Typography tag="p" variant="pi" textColor="neutral600">{`定时上线：${chinaTime(r.goLiveAt)}`}</Typography>}
          {r.channels.map((c) => (
            <Flex key={c.channel} gap={2} data-history-channel={c.channel} alignItems="flex-start">
              <Typography variant="pi" style={{ whiteSpace: 'nowrap' }}>{channelName(c.channel)}</Typography>
              <Typography variant="pi" textColor="neutral600">{shown(c)}</Typography>
            </Flex>
          ))}
        </Box>
      ))}
      {revisions.length > SHOWN && (
        <Box paddingTop={2}>
          <Typography tag="button" variant="pi" textColor="primary600" onClick={() => setAll(!all)} style={{ background: 'none', border: 0, cursor: 'pointer', padding: 0 }}>
            {all ? '只看最近 5 次' : `查看全部 ${revisions.length} 次`}
          </Typography>
        </Box>
      )}
    </Box>
  );
}

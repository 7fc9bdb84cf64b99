import * as React from 'react';
import { Badge, Box, Button, Flex, ProgressBar, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';

/**
 * 发布状态 on the edit view of an interpretation or policy document: each channel's state at the
 * publisher — queued, rendering with its progress, live, failed with a reason an author can act
 * on — refreshed every 2 seconds while the document is open.
 */
const CHANNEL_NAMES: Record<string, string> = {
  web: '门户网站', feeds: '订阅源', wechat: '微信公众号', weibo: '微博', kiosk: '触摸屏终端', cinema: '电影映前', 'short-video': '短视频',
};
const STATUS: Record<string, { label: string; color: 'neutral' | 'secondary' | 'success' | 'danger' | 'warning' }> = {
  QUEUED: { label: '排队中', color: 'neutral' },
  RENDERING: { label: '渲染中', color: 'secondary' },
  READY: { label: '待定时上线', color: 'warning' },
  LIVE: { label: '已上线', color: 'success' },
  FAILED: { label: '失败', color: 'danger' },
  SUPERSEDED: { label: '已被新版本取代', color: 'neutral' },
  WITHDRAWN: { label: '已撤回', color: 'neutral' },
};
const MODELS = ['api::interpretation.interpretation', 'api::policy-document.policy-document'];

interface ChannelStatus { channel: string; status: string; progress: number; reason: string | null; notice?: string | null }
interface Publication { channels: ChannelStatus[]; problem?: string | null; notYetPublished?: boolean; withdrawn?: boolean }

function PublicationStatus({ documentId }: { documentId: string }) {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data?: Publication; error?: string }>({});
  React.useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const { data } = await get<Publication>(`/tongyuan/publication/${documentId}`);
        if (!stopped) setState({ data });
      } catch (error) {
        const message = (error as { response?: { data?: { message?: string } } }).response?.data?.message;
        if (!stopped) setState({ error: message ?? '发布服务暂时无法访问' });
      }
    };
    void load();
    const timer = setInterval(load, 2000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [documentId, get]);

  if (state.error) return <Typography textColor="danger600">{state.error}</Typography>;
  if (!state.data) return <Typography textColor="neutral600">正在读取…</Typography>;
  if (state.data.notYetPublished || state.data.channels.length === 0) {
    return <Typography textColor="neutral600">尚未发布：签发并发布后，这里显示各渠道的进度。</Typography>;
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="publication-status">
      {state.data.problem && <Typography textColor="danger600">未通过发布校验：{state.data.problem}</Typography>}
      {state.data.channels.map((c) => {
        const status = STATUS[c.status] ?? { label: c.status, color: 'neutral' as const };
        return (
          <Box key={c.channel} data-channel={c.channel}>
            <Flex justifyContent="space-between" gap={2}>
              <Typography variant="omega" fontWeight="bold">{CHANNEL_NAMES[c.channel] ?? c.channel}</Typography>
              <Badge backgroundColor={`${status.color}100`} textColor={`${status.color}700`}>{status.label}</Badge>
            </Flex>
            {c.status === 'RENDERING' && (
              <Box paddingTop={1}><ProgressBar value={c.progress} size="S">{`${c.progress}%`}</ProgressBar><Typography variant="pi">{c.progress}%</Typography></Box>
            )}
            {c.status === 'FAILED' && c.reason && <Typography variant="pi" textColor="danger600">{c.reason}</Typography>}
            {c.notice && <Box paddingTop={1} data-notice="narration"><Typography variant="pi" textColor="warning600">{c.notice}</Typography></Box>}
          </Box>
        );
      })}
    </Flex>
  );
}

interface Finding { channel: string; channelName: string; level: 'error' | 'warning' | 'info'; field: string; message: string }

/** 发布前检查: what each target channel says about the draft as saved, with what to fix. */
function Preflight({ kind, documentId }: { kind: string; documentId: string }) {
  const { get } = useFetchClient();
  const [findings, setFindings] = React.useState<Finding[] | null>(null);
  React.useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const { data } = await get<{ findings: Finding[] }>(`/tongyuan/preflight/${kind}/${documentId}`);
        if (!stopped) setFindings(data.findings);
      } catch {
        if (!stopped) setFindings(null);
      }
    };
    void load();
    const timer = setInterval(load, 5000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [kind, documentId, get]);
  if (findings === null) return null;
  return (
    <Box paddingTop={4} data-testid="preflight">
      <Typography variant="sigma" textColor="neutral600">发布前检查（按已保存的草稿）</Typography>
      {findings.length === 0 && <Typography tag="p" textColor="success600">各渠道均未发现问题</Typography>}
      {findings.some((f) => f.level === 'error') && (
        <Typography tag="p" variant="pi" textColor="danger600">有“需修改”的渠道，不改就发布会在该渠道失败；其他渠道照常发布。</Typography>
      )}
      {groupByChannel(findings).map((group) => {
        const errors = group.findings.filter((f) => f.level === 'error').length;
        const warnings = group.findings.length - errors;
        return (
          <Box key={group.channel} paddingTop={2} data-preflight-channel={group.channel}>
            <Flex justifyContent="space-between" gap={2} wrap="wrap">
              <Typography variant="omega" fontWeight="bold" style={{ whiteSpace: 'nowrap' }}>{group.channelName}</Typography>
              {errors > 0
                ? <Badge backgroundColor="danger100" textColor="danger700">{`${errors} 项需修改`}</Badge>
                : <Badge backgroundColor="warning100" textColor="warning700">{`${warnings} 项提示`}</Badge>}
            </Flex>
            {group.findings.map((f, i) => (
              <Typography key={i} tag="p" variant="pi" data-level={f.level} textColor={LEVELS[f.level].color}>{LEVELS[f.level].label}：{f.message}</Typography>
            ))}
          </Box>
        );
      })}
    </Box>
  );
}

const LEVELS = {
  error: { label: '需修改', color: 'danger600' },
  warning: { label: '提示', color: 'warning600' },
  info: { label: '说明', color: 'neutral600' },
} as const;

/** Findings per channel in the order channels first appear (全部渠道 first), errors before warnings before notes. */
function groupByChannel(findings: Finding[]) {
  const order = { error: 0, warning: 1, info: 2 };
  const groups = new Map<string, { channel: string; channelName: string; findings: Finding[] }>();
  for (const f of [...findings].sort((a, b) => (a.channel === '*' ? 0 : 1) - (b.channel === '*' ? 0 : 1))) {
    if (!groups.has(f.channel)) groups.set(f.channel, { channel: f.channel, channelName: f.channelName, findings: [] });
    groups.get(f.channel)!.findings.push(f);
  }
  for (const group of groups.values()) group.findings.sort((a, b) => order[a.level] - order[b.level]);
  return [...groups.values()];
}

type PreviewItem =
  | { key: string; label: string; kind: 'image'; dataUrl: string }
  | { key: string; label: string; kind: 'html'; width: number; html: string };
interface Previews { items: PreviewItem[]; failures: Array<{ channelName: string; message: string }>; note?: string }
const PANEL_WIDTH = 220; // fits the side panel at every window width Strapi shows it

/**
 * 预览: the draft's covers, 一图读懂, WeChat article and kiosk page, drawn by the publisher's own
 * renderers on request (a second or two). Pages show in sandboxed frames: nothing in them runs.
 */
function Preview({ kind, documentId }: { kind: string; documentId: string }) {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ loading?: boolean; data?: Previews; error?: string }>({});
  const load = async () => {
    setState({ loading: true });
    try {
      const { data } = await get<Previews>(`/tongyuan/preview/${kind}/${documentId}`);
      setState({ data });
    } catch (error) {
      const message = (error as { response?: { data?: { message?: string } } }).response?.data?.message;
      setState({ error: message ?? '预览生成失败，请稍后重试' });
    }
  };
  return (
    <Box paddingTop={4} data-testid="preview">
      <Typography variant="sigma" textColor="neutral600">预览（按已保存的草稿）</Typography>
      <Box paddingTop={2}>
        <Button variant="secondary" size="S" loading={state.loading} onClick={load}>{state.data ? '重新生成预览' : '生成预览'}</Button>
      </Box>
      {state.error && <Typography tag="p" textColor="danger600">{state.error}</Typography>}
      {state.data?.note && <Typography tag="p" variant="pi" textColor="neutral600">{state.data.note}</Typography>}
      {state.data?.failures.map((f, i) => (
        <Typography key={i} tag="p" variant="pi" textColor="danger600">需修改·{f.channelName}：{f.message}</Typography>
      ))}
      {state.data?.items.map((item) => (
        <Box key={item.key} paddingTop={3} data-preview={item.key}>
          <Typography variant="pi" fontWeight="bold">{item.label}</Typography>
          {item.kind === 'image' ? (
            <Box style={{ maxHeight: 420, overflowY: 'auto' }}><img src={item.dataUrl} alt={item.label} style={{ width: '100%', display: 'block' }} /></Box>
          ) : (
            // Drawn at the channel's width and scaled down to the panel.
            <Box style={{ width: PANEL_WIDTH, height: 420, overflow: 'hidden' }}>
              <iframe title={item.label} sandbox="" srcDoc={item.html}
                style={{ width: item.width, height: 420 * (item.width / PANEL_WIDTH), border: '1px solid #dcdce4', transform: `scale(${PANEL_WIDTH / item.width})`, transformOrigin: '0 0' }} />
            </Box>
          )}
        </Box>
      ))}
    </Box>
  );
}

export const PublicationPanel = ({ model, documentId }: { model: string; documentId?: string }) => {
  if (!MODELS.includes(model) || !documentId) return null;
  const kind = model === MODELS[0] ? 'interpretation' : 'policy-document';
  return {
    title: '发布状态',
    content: (
      <Box>
        <PublicationStatus documentId={documentId} />
        <Preflight kind={kind} documentId={documentId} />
        {kind === 'interpretation' && <Preview kind={kind} documentId={documentId} />}
      </Box>
    ),
  };
};

import * as React from 'react';
import { Badge, Box, Button, Flex, ProgressBar, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { Link } from 'react-router-dom';
import { NormsFinding, SignoffOverride, type NormsFindingData } from './norms-findings';
import { channelName, chinaTime, PublicationHistory } from './publication-history';

/**
 * 发布状态 on the edit view of an interpretation or policy document: each channel's state at the
 * publisher — queued, rendering with its progress, live, waiting for its scheduled time, failed
 * with a reason an author can act on, taken off by 取消发布 — refreshed every 2 seconds while the
 * document is open; below it the checks on the draft, the link to its full-size preview and the
 * publication history.
 */
const STATUS: Record<string, { label: string; color: 'neutral' | 'secondary' | 'success' | 'danger' | 'warning' }> = {
  QUEUED: { label: '排队中', color: 'neutral' },
  RENDERING: { label: '渲染中', color: 'secondary' },
  READY: { label: '待定时上线', color: 'warning' },
  LIVE: { label: '已上线', color: 'success' },
  FAILED: { label: '失败', color: 'danger' },
  SUPERSEDED: { label: '已被新版本取代', color: 'neutral' },
  WITHDRAWN: { label: '已撤回', color: 'neutral' },
};
/** The document kind the publisher knows each content type by. */
const KINDS: Record<string, string> = {
  'api::interpretation.interpretation': 'interpretation', 'api::policy-document.policy-document': 'policy-document', 'api::open-event.open-event': 'event',
};

interface ChannelStatus { channel: string; status: string; progress: number; reason: string | null; notice?: string | null }
interface Withdrawal { at: string; channels: Array<{ channel: string; liveFrom: string | null }> }
interface Publication {
  channels: ChannelStatus[]; problem?: string | null; notYetPublished?: boolean; withdrawn?: boolean;
  latestRevision?: string | null; goLiveAt?: string | null; withdrawal?: Withdrawal | null;
}

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
  const data = state.data;
  // The history is read again whenever what the panel shows changes (a publish, a channel going live, a withdrawal).
  const version = `${data.latestRevision ?? ''}:${data.channels.map((c) => c.status).join()}:${data.withdrawal?.at ?? ''}`;
  const history = <PublicationHistory documentId={documentId} version={version} />;
  if (data.withdrawal) return <><WithdrawalNotice withdrawal={data.withdrawal} />{history}</>;
  if (data.notYetPublished || data.channels.length === 0) {
    return <><Typography textColor="neutral600">尚未发布：签发并发布后，这里显示各渠道的进度。</Typography>{history}</>;
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="publication-status">
      {data.problem && <Typography textColor="danger600">未通过发布校验：{data.problem}</Typography>}
      {data.goLiveAt && data.channels.some((c) => c.status === 'READY') && (
        <Typography variant="pi" textColor="warning600" data-testid="scheduled">{`定时上线：${chinaTime(data.goLiveAt)}（北京时间），届时各渠道一起上线`}</Typography>
      )}
      {data.channels.map((c) => {
        const status = STATUS[c.status] ?? { label: c.status, color: 'neutral' as const };
        return (
          <Box key={c.channel} data-channel={c.channel}>
            <Flex justifyContent="space-between" gap={2}>
              <Typography variant="omega" fontWeight="bold">{channelName(c.channel)}</Typography>
              <Badge backgroundColor={`${status.color}100`} textColor={`${status.color}700`}>
                {c.status === 'READY' && data.goLiveAt ? `${status.label} ${chinaTime(data.goLiveAt)}` : status.label}
              </Badge>
            </Flex>
            {c.status === 'RENDERING' && (
              <Box paddingTop={1}><ProgressBar value={c.progress} size="S" aria-label={`${channelName(c.channel)}渲染进度`} /><Typography variant="pi">{c.progress}%</Typography></Box>
            )}
            {c.status === 'FAILED' && c.reason && <Typography variant="pi" textColor="danger600">{c.reason}</Typography>}
            {c.notice && <Box paddingTop={1} data-notice="narration"><Typography variant="pi" textColor="warning600">{c.notice}</Typography></Box>}
          </Box>
        );
      })}
      {history}
    </Flex>
  );
}

/** After 取消发布: when, and each channel it was taken off (not 尚未发布, which would say it never was). */
function WithdrawalNotice({ withdrawal }: { withdrawal: Withdrawal }) {
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="withdrawal">
      <Typography fontWeight="bold">{`已取消发布：${chinaTime(withdrawal.at)}（北京时间）`}</Typography>
      {withdrawal.channels.length === 0 && <Typography variant="pi" textColor="neutral600">取消发布时没有渠道在显示它。</Typography>}
      {withdrawal.channels.length > 0 && <Typography variant="pi" textColor="neutral600">已从以下渠道撤回，读者不再看到：</Typography>}
      {withdrawal.channels.map((c) => (
        <Flex key={c.channel} justifyContent="space-between" gap={2} data-withdrawn-channel={c.channel}>
          <Typography variant="omega" fontWeight="bold">{channelName(c.channel)}</Typography>
          <Badge backgroundColor="neutral100" textColor="neutral700">已撤回</Badge>
        </Flex>
      ))}
      <Typography variant="pi" textColor="neutral600">重新发布后，各渠道会再次上线。</Typography>
    </Flex>
  );
}

interface Finding extends NormsFindingData { channel: string; channelName: string }

/** 发布前检查: what each target channel says about the draft as saved, with what to fix (norms findings in one click). */
function Preflight({ kind, model, documentId }: { kind: string; model: string; documentId: string }) {
  const { get } = useFetchClient();
  const [findings, setFindings] = React.useState<Finding[] | null>(null);
  const [unreachable, setUnreachable] = React.useState<string | null>(null);
  // Bumped after a fix or an override: the checks are read again at once.
  const [version, setVersion] = React.useState(0);
  const recheck = React.useCallback(() => setVersion((v) => v + 1), []);
  React.useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const { data } = await get<{ findings: Finding[] }>(`/tongyuan/preflight/${kind}/${documentId}`);
        if (!stopped) {
          setFindings(data.findings);
          setUnreachable(null);
        }
      } catch (error) {
        const message = (error as { response?: { data?: { message?: string } } }).response?.data?.message;
        if (!stopped) setUnreachable(message ?? '发布服务暂时无法访问');
      }
    };
    void load();
    const timer = setInterval(load, 5000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [kind, documentId, get, version]);
  if (findings === null && unreachable) {
    return <Box paddingTop={4} data-testid="preflight"><Typography tag="p" variant="pi" textColor="danger600">{`发布前检查暂时无法进行：${unreachable}。此时签发会照常发布并记入审核记录，上线后由在线巡查补查用语。`}</Typography></Box>;
  }
  if (findings === null) return null;
  const serious = findings.filter((f) => f.norms?.severity === 'serious');
  return (
    <Box paddingTop={4} data-testid="preflight">
      <Typography variant="sigma" textColor="neutral600">发布前检查（按已保存的草稿）</Typography>
      {findings.length === 0 && <Typography tag="p" textColor="success600">各渠道均未发现问题</Typography>}
      {findings.some((f) => f.level === 'error' && !f.norms) && (
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
            {group.findings.map((f, i) => (f.norms
              ? <NormsFinding key={i} finding={{ ...f, norms: f.norms }} kind={kind} model={model} documentId={documentId} onChanged={recheck} />
              : <Typography key={i} tag="p" variant="pi" data-level={f.level} textColor={LEVELS[f.level].color}>{LEVELS[f.level].label}：{f.message}</Typography>))}
          </Box>
        );
      })}
      {serious.length > 0 && (
        <SignoffOverride kind={kind} model={model} documentId={documentId} findingsKey={serious.map((f) => `${f.field}:${f.norms!.start}`).join()} onChanged={recheck} />
      )}
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

/**
 * 完整预览: the saved draft in every channel it goes to, full size, drawn by the publisher's own
 * renderers — in Strapi's Preview (the same page as its 打开预览) or in a window of its own.
 */
function FullPreviewLink({ model, documentId }: { model: string; documentId: string }) {
  const { get } = useFetchClient();
  const [url, setUrl] = React.useState<string | null>(null);
  React.useEffect(() => {
    let stopped = false;
    get<{ data: { url?: string } }>(`/content-manager/preview/url/${model}?documentId=${encodeURIComponent(documentId)}&status=draft`)
      .then(({ data }) => !stopped && setUrl(data.data?.url ?? null))
      .catch(() => !stopped && setUrl(null));
    return () => {
      stopped = true;
    };
  }, [model, documentId, get]);
  return (
    <Box paddingTop={4} data-testid="full-preview">
      <Typography variant="sigma" textColor="neutral600">预览（按已保存的草稿）</Typography>
      <Typography tag="p" variant="pi" textColor="neutral600">网站（电脑和手机）、微信、微博、一图读懂、封面、触摸屏和视频分镜，按实际尺寸显示。</Typography>
      <Flex paddingTop={2} gap={2} wrap="wrap">
        <Button tag={Link} to={{ pathname: 'preview', search: 'status=draft' }} variant="secondary" size="S">打开完整预览</Button>
        {url && <Button tag="a" href={url} target="_blank" rel="noopener" variant="tertiary" size="S">在新窗口打开</Button>}
      </Flex>
    </Box>
  );
}

export const PublicationPanel = ({ model, documentId }: { model: string; documentId?: string }) => {
  const kind = KINDS[model];
  if (!kind || !documentId) return null;
  return {
    title: '发布状态',
    content: (
      <Box>
        <PublicationStatus documentId={documentId} />
        <Preflight kind={kind} model={model} documentId={documentId} />
        <FullPreviewLink model={model} documentId={documentId} />
      </Box>
    ),
  };
};

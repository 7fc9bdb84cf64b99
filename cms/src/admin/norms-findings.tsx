import * as React from 'react';
import { Box, Button, Field, Flex, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient, useForm } from '@strapi/strapi/admin';
import { useDispatch } from 'react-redux';
import { errorMessage } from './error-message';

/**
 * The norms findings (表述规范库) in 发布前检查: each sentence with the wrong form highlighted and
 * the fix applied to the saved draft in one click (server side, as the user may edit it); and,
 * while a 严重 one is left, what stops 办公室签发 — with 仍然签发 and a reason for the office.
 */
export interface NormsPart { severity: 'serious' | 'general'; found: string; start: number; end: number; before: string; after: string; label: string }
export interface NormsFix { found: string; replace: string; start: number; end: number }
export interface NormsFindingData { level: 'error' | 'warning' | 'info'; field: string; message: string; fix?: NormsFix; norms?: NormsPart }


/** The edit view's form reads the draft again (Strapi's document query, tagged by model and id), so it shows the fix. */
export function useReloadDraft(model: string, documentId: string) {
  const dispatch = useDispatch();
  return React.useCallback(() => {
    dispatch({ type: 'adminApi/invalidateTags', payload: [{ type: 'Document', id: `${model}_${documentId}` }] });
  }, [dispatch, model, documentId]);
}

export function NormsFinding({ finding, kind, model, documentId, onChanged }: {
  finding: NormsFindingData & { norms: NormsPart }; kind: string; model: string; documentId: string; onChanged: () => void;
}) {
  const { post } = useFetchClient();
  const modified = useForm('NormsFinding', (s) => s.modified, false);
  const reloadDraft = useReloadDraft(model, documentId);
  const [state, setState] = React.useState<{ busy?: boolean; error?: string }>({});
  const { norms, fix } = finding;
  const apply = async () => {
    if (!fix) return;
    setState({ busy: true });
    try {
      await post(`/tongyuan/norms/fix/${kind}/${documentId}`, { field: finding.field, ...fix });
      setState({});
      reloadDraft();
    } catch (error) {
      setState({ error: errorMessage(error, '修改没有成功，请稍后再试') });
    }
    onChanged();
  };
  const color = norms.severity === 'serious' ? 'danger600' : 'warning600';
  return (
    <Box paddingTop={2} data-level={finding.level} data-norms-field={finding.field}>
      <Typography tag="p" variant="pi" textColor={color}>{norms.severity === 'serious' ? '需修改' : '提示'}：{finding.message}</Typography>
      <Box paddingTop={1} paddingLeft={2} data-norms-sentence>
        <Typography variant="pi" textColor="neutral800">
          {`${norms.label}：${norms.before}`}
          <mark data-norms-found style={{ background: norms.severity === 'serious' ? '#fcecea' : '#fdf4dc', color: norms.severity === 'serious' ? '#b72b1a' : '#8d4f00', fontWeight: 700, textDecoration: 'underline wavy', padding: '0 2px' }}>
            {norms.found}
          </mark>
          {norms.after}
        </Typography>
      </Box>
      {fix && (
        <Flex paddingTop={1} gap={2} wrap="wrap">
          <Button size="S" variant={norms.severity === 'serious' ? 'danger-light' : 'secondary'} loading={state.busy} disabled={Boolean(modified)} onClick={apply}>
            {`改为“${fix.replace}”`}
          </Button>
          {modified && <Typography variant="pi" textColor="neutral600">有未保存的修改：请先保存草稿，再一键修改</Typography>}
        </Flex>
      )}
      {state.error && <Typography tag="p" variant="pi" textColor="danger600" data-norms-error>{state.error}</Typography>}
    </Box>
  );
}

interface Signoff { canOverride: boolean; override: { actor: string; at: string; reason: string } | null }

/** What a 严重 finding means for 签发, and for the office: 仍然签发 with a reason, kept in the 审核记录. */
export function SignoffOverride({ kind, model, documentId, findingsKey, onChanged }: { kind: string; model: string; documentId: string; findingsKey: string; onChanged: () => void }) {
  const { get, post } = useFetchClient();
  const modified = useForm('SignoffOverride', (s) => s.modified, false);
  const reloadDraft = useReloadDraft(model, documentId);
  // undefined while loading: the office's wording and the others' differ, so neither shows before it is known.
  const [signoff, setSignoff] = React.useState<Signoff | null | undefined>(undefined);
  const [reason, setReason] = React.useState('');
  const [state, setState] = React.useState<{ busy?: boolean; error?: string; done?: string }>({});
  React.useEffect(() => {
    let stopped = false;
    get<Signoff>(`/tongyuan/norms/signoff/${kind}/${documentId}`)
      .then(({ data }) => !stopped && setSignoff(data))
      .catch(() => !stopped && setSignoff(null));
    return () => {
      stopped = true;
    };
  }, [get, kind, documentId, findingsKey, state.done]);
  const override = async () => {
    setState({ busy: true });
    try {
      await post(`/tongyuan/norms/override/${kind}/${documentId}`, { reason });
      setReason('');
      // 仍然签发 publishes the saved draft as the user may (Strapi's own publish action, the document guard's checks).
      await post(`/content-manager/collection-types/${model}/${documentId}/actions/publish`, {});
      setState({ done: '已记入审核记录并签发发布' });
      reloadDraft();
    } catch (error) {
      setState({ error: errorMessage(error, '没有记录成功，请稍后再试') });
    }
    onChanged();
  };
  return (
    <Box paddingTop={3} data-testid="norms-signoff">
      {signoff === undefined ? null : signoff?.override ? (
        <Typography tag="p" variant="pi" textColor="neutral700" data-norms-override>
          {`${signoff.override.actor} 已决定不按表述规范修改而仍然签发，理由：${signoff.override.reason}（已记入审核记录）。`}
        </Typography>
      ) : (
        <Typography tag="p" variant="pi" textColor="danger600">有严重表述错误：修改后才能签发发布{signoff?.canOverride ? '；确需照原文发布的，写明理由后点“仍然签发”' : '（政府办公室可写明理由后仍然签发）'}。</Typography>
      )}
      {signoff?.canOverride && !signoff.override && (
        <Box paddingTop={2}>
          <Field.Root name="normsOverrideReason" hint="理由会和未修改的问题一起记入审核记录">
            <Field.Label>仍然签发的理由</Field.Label>
            <Textarea value={reason} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)} placeholder="如：引用上级文件原文，按原文保留" />
            <Field.Hint />
          </Field.Root>
          <Box paddingTop={2}>
            <Button size="S" variant="danger" loading={state.busy} disabled={reason.trim().length === 0 || Boolean(modified)} onClick={override}>仍然签发</Button>
            {modified && <Typography variant="pi" textColor="neutral600">有未保存的修改：请先保存草稿</Typography>}
          </Box>
        </Box>
      )}
      {state.error && <Typography tag="p" variant="pi" textColor="danger600" data-norms-error>{state.error}</Typography>}
      {state.done && <Typography tag="p" variant="pi" textColor="success600">{state.done}</Typography>}
    </Box>
  );
}

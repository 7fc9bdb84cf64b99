import * as React from 'react';
import { Field, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { unstable_useContentManagerContext as useContentManagerContext, useFetchClient, useField } from '@strapi/strapi/admin';

/**
 * 审核阶段 on an interpretation's edit view: a dropdown that offers only the stages this user may
 * move this draft to now (asked of the CMS, src/workflow/stage-route.ts, which applies the same
 * rules as the save: four eyes, one step at a time, who may send back how far). A move back
 * (退回) asks for a reason in 退回意见, which the author then reads on the draft.
 */
interface StageOption { value: string; label: string; backward: boolean }
interface StageInputProps { name: string; label?: React.ReactNode; hint?: React.ReactNode; required?: boolean; disabled?: boolean }

const LABELS: Record<string, string> = { draft: '草稿', department_review: '部门审核', media_production: '融媒体制作', office_signoff: '办公室签发' };

export function StageInput({ name, label, hint, required, disabled }: StageInputProps) {
  const field = useField<string>(name);
  const { id } = useContentManagerContext();
  const { get } = useFetchClient();
  const documentId = !id || id === 'create' ? 'new' : id;
  const [state, setState] = React.useState<{ options?: StageOption[]; error?: string }>({});

  // Asked again after each save: the saved stage is the form's new initial value.
  React.useEffect(() => {
    let stopped = false;
    get<{ options: StageOption[] }>(`/tongyuan/stage-moves/${documentId}`)
      .then(({ data }) => !stopped && setState({ options: data.options }))
      .catch((error: { response?: { data?: { message?: string; error?: { message?: string } } } }) => {
        const body = error.response?.data;
        if (!stopped) setState({ error: body?.message ?? body?.error?.message ?? '无法读取可选的审核阶段' });
      });
    return () => {
      stopped = true;
    };
  }, [documentId, field.initialValue, get]);

  const current = field.value ?? 'draft';
  const options = state.options ?? [{ value: current, label: LABELS[current] ?? current, backward: false }];
  const chosen = options.find((o) => o.value === current);
  return (
    <Field.Root name={name} error={field.error} hint={hint} required={required}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect
        value={current}
        disabled={disabled || !state.options || options.length < 2}
        onChange={(value: string | number) => field.onChange(name, String(value))}
      >
        {options.map((o) => (
          <SingleSelectOption key={o.value} value={o.value}>{o.backward ? `退回到：${o.label}` : o.label}</SingleSelectOption>
        ))}
      </SingleSelect>
      {state.error && <Typography variant="pi" textColor="danger600">{state.error}</Typography>}
      {chosen?.backward && (
        <Typography variant="pi" textColor="warning600" data-testid="stage-return-note">退回时请在“退回意见”中写明需要修改的地方，作者会在稿件上看到。</Typography>
      )}
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}

import * as React from 'react';
import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useField } from '@strapi/strapi/admin';
import { CHANNEL_NAMES } from './channel-names';

/**
 * 渠道 in a 渠道定制 entry: the channel by its Chinese name, and the name written beside the code
 * (channelName, hidden), which Strapi shows as the entry's title — so the header reads 微信公众号
 * as soon as the author picks it, not the stored code "wechat". The CMS writes the same name on
 * every save (src/bootstrap/override-channel-names.ts).
 */
interface OverrideChannelInputProps {
  name: string; label?: React.ReactNode; hint?: React.ReactNode; required?: boolean; disabled?: boolean;
  attribute?: { enum?: string[] };
}

export function OverrideChannelInput({ name, label, hint, required, disabled, attribute }: OverrideChannelInputProps) {
  const field = useField<string>(name);
  const nameField = `${name.replace(/\.channel$/, '')}.channelName`;
  const codes = attribute?.enum ?? Object.keys(CHANNEL_NAMES);
  return (
    <Field.Root name={name} error={field.error} hint={hint} required={required}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect
        value={field.value ?? undefined}
        placeholder="选择渠道"
        disabled={disabled}
        onChange={(value: string | number) => {
          const code = String(value);
          field.onChange(name, code);
          field.onChange(nameField, CHANNEL_NAMES[code] ?? code);
        }}
      >
        {codes.map((code) => <SingleSelectOption key={code} value={code}>{CHANNEL_NAMES[code] ?? code}</SingleSelectOption>)}
      </SingleSelect>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}

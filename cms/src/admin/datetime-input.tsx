import * as React from 'react';
import { DatePicker, Field, Flex, TimePicker } from '@strapi/design-system';
import { useField } from '@strapi/strapi/admin';

/**
 * Every date-and-time field (定时上线, 受理时间, 答复时限 …) as two pickers with Chinese labels.
 * Strapi's own input is the design system's DateTimePicker, which names its clear buttons
 * "<clear> date" and "<clear> time" in English whatever the language (清除 date); this is the same
 * two pickers side by side, in the browser's time zone like Strapi's, storing an ISO instant.
 */
interface DateTimeInputProps {
  name: string; label?: React.ReactNode; hint?: React.ReactNode; required?: boolean; disabled?: boolean;
  labelAction?: React.ReactNode;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function DateTimeInput({ name, label, hint, required, disabled, labelAction }: DateTimeInputProps) {
  const field = useField<string | null>(name);
  const value = field.value ? new Date(field.value) : undefined;
  const time = value ? `${pad(value.getHours())}:${pad(value.getMinutes())}` : undefined;
  const save = (date: Date | undefined) => field.onChange(name, date ? date.toISOString() : null);
  const onDate = (date: Date | undefined) => {
    if (!date) return save(undefined);
    const next = new Date(date);
    next.setHours(value?.getHours() ?? 0, value?.getMinutes() ?? 0, 0, 0);
    save(next);
  };
  const onTime = (hhmm: string) => {
    if (!hhmm) return;
    const [hours, minutes] = hhmm.split(':').map(Number);
    const next = value ? new Date(value) : new Date();
    next.setHours(hours, minutes, 0, 0);
    save(next);
  };
  return (
    <Field.Root name={name} error={field.error} hint={hint} required={required}>
      <Field.Label action={labelAction}>{label}</Field.Label>
      <Flex gap={1} wrap="wrap" role="group">
        <div style={{ flex: 1 }}>
          <DatePicker
            value={value} onChange={onDate} onClear={() => save(undefined)} disabled={disabled} required={required} hasError={!!field.error}
            placeholder="选择日期" clearLabel="清除日期" aria-label="选择日期" calendarLabel="日历" monthSelectLabel="月份" yearSelectLabel="年份"
          />
        </div>
        <div style={{ flex: 1 }}>
          <TimePicker
            value={time} onChange={onTime} disabled={disabled} required={required} hasError={!!field.error}
            onClear={time && time !== '00:00' ? () => onTime('00:00') : undefined} clearLabel="清除时间" aria-label="选择时间"
          />
        </div>
      </Flex>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}

import * as React from 'react';
import { DatePicker, Field, Flex, TimePicker } from '@strapi/design-system';
import { useField } from '@strapi/strapi/admin';

/**
 * Every date-and-time field (定时上线, 受理时间, 答复时限 …) as two pickers with Chinese labels.
 * Strapi's own input is the design system's DateTimePicker, which names its clear buttons
 * "<clear> date" and "<clear> time" in English whatever the language (清除 date); this is the same
 * two pickers side by side, storing an ISO instant. Shown and entered in Beijing time whatever the
 * browser's zone (the hints say 北京时间; a laptop left on UTC must not shift an event by eight hours).
 * China has kept UTC+8 without summer time since 1991.
 */
interface DateTimeInputProps {
  name: string; label?: React.ReactNode; hint?: React.ReactNode; required?: boolean; disabled?: boolean;
  labelAction?: React.ReactNode;
}

const pad = (n: number) => String(n).padStart(2, '0');
const CHINA_OFFSET_MS = 8 * 3600_000;

/** The Beijing wall-clock reading of an instant: y, m (0-based), d, hours, minutes. */
function chinaClock(instant: Date) {
  const shifted = new Date(instant.getTime() + CHINA_OFFSET_MS);
  return { y: shifted.getUTCFullYear(), m: shifted.getUTCMonth(), d: shifted.getUTCDate(), h: shifted.getUTCHours(), min: shifted.getUTCMinutes() };
}
/** The instant at a Beijing wall-clock reading. */
const chinaInstant = (y: number, m: number, d: number, h: number, min: number) => new Date(Date.UTC(y, m, d, h, min) - CHINA_OFFSET_MS);

export function DateTimeInput({ name, label, hint, required, disabled, labelAction }: DateTimeInputProps) {
  const field = useField<string | null>(name);
  const clock = field.value ? chinaClock(new Date(field.value)) : undefined;
  // The date picker shows the local calendar day of the Date it is given: give it one on the Beijing day.
  const day = clock ? new Date(clock.y, clock.m, clock.d) : undefined;
  const time = clock ? `${pad(clock.h)}:${pad(clock.min)}` : undefined;
  const save = (instant: Date | undefined) => field.onChange(name, instant ? instant.toISOString() : null);
  const onDate = (date: Date | undefined) => {
    if (!date) return save(undefined);
    save(chinaInstant(date.getFullYear(), date.getMonth(), date.getDate(), clock?.h ?? 0, clock?.min ?? 0));
  };
  const onTime = (hhmm: string) => {
    if (!hhmm) return;
    const [hours, minutes] = hhmm.split(':').map(Number);
    const today = clock ?? chinaClock(new Date());
    save(chinaInstant(today.y, today.m, today.d, hours, minutes));
  };
  return (
    <Field.Root name={name} error={field.error} hint={hint} required={required}>
      <Field.Label action={labelAction}>{label}</Field.Label>
      <Flex gap={1} wrap="wrap" role="group">
        <div style={{ flex: 1 }}>
          <DatePicker
            value={day} onChange={onDate} onClear={() => save(undefined)} disabled={disabled} required={required} hasError={!!field.error}
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

import { PublisherError } from '../errors';
import { checkText } from '../questions/question-input';

/**
 * What a registration may be, checked before anything is stored: a name, a mainland mobile number
 * (the organizer calls it when a seat frees up or the event moves) and one of the configured groups.
 * Each refusal names the field and says what to change; the form shows it beside what was typed.
 */
export interface CheckedRegistration { name: string; phone: string; group: string }

const MOBILE = /^1[3-9]\d{9}$/;
const refuse = (message: string, field: string) => new PublisherError('REGISTRATION_INVALID', message, { details: { field } });

/** The question desk's text rules (no markup, no binary, a length), with registration's error code. */
function text(value: unknown, field: string, label: string, max: number): string {
  if (typeof value !== 'string') return '';
  try {
    return checkText(value, field, label, max);
  } catch (error) {
    if (error instanceof PublisherError) throw refuse(error.message, field);
    throw error;
  }
}

/** 138 0013 8000, 138-0013-8000 and +86 13800138000 are one number: 13800138000. */
export function normalizePhone(raw: string): string {
  return raw.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
}

export function checkRegistration(input: { name?: unknown; phone?: unknown; group?: unknown }, groups: readonly string[]): CheckedRegistration {
  const name = text(input.name, 'name', '姓名', 50);
  if (!name) throw refuse('请填写姓名（入场时核对）', 'name');
  const phoneText = text(input.phone, 'phone', '手机号', 30);
  if (!phoneText) throw refuse('请填写手机号（有空位递补或活动变动时通知您）', 'phone');
  const phone = normalizePhone(phoneText);
  if (!MOBILE.test(phone)) throw refuse('手机号应为 11 位中国大陆手机号码，以 1 开头（如 13800138000）；座机号不能用于报名', 'phone');
  const group = text(input.group, 'group', '身份', 20);
  if (!group) throw refuse(`请选择身份：${groups.join('、')}`, 'group');
  if (!groups.includes(group)) throw refuse(`身份只能从这些中选择：${groups.join('、')}`, 'group');
  return { name, phone, group };
}

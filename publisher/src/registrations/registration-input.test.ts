import fc from 'fast-check';
import { PAYLOADS, textField } from '../../../test/support/adversarial-text';
import { PublisherError } from '../errors';
import { checkRegistration, normalizePhone } from './registration-input';

const GROUPS = ['学生', '退休人员', '个体工商户', '律师', '其他'];
const MARKUP = /<\s*\/?\s*[a-z!?][^>]*>|<\s*script|javascript\s*:|\bon[a-z]+\s*=/i;

it('takes a name, a mainland mobile in the ways people write it, and a configured group', () => {
  expect(checkRegistration({ name: ' 欧阳明远 ', phone: '+86 139-6331-2345', group: '退休人员' }, GROUPS)).toEqual({ name: '欧阳明远', phone: '13963312345', group: '退休人员' });
  expect(normalizePhone('86 13963312345')).toBe('13963312345');
});

it.each([
  ['no name', { name: '', phone: '13963312345', group: '学生' }, 'name', '请填写姓名'],
  ['10 digits', { name: '张三', phone: '1396331234', group: '学生' }, 'phone', '11 位'],
  ['not a mobile prefix', { name: '张三', phone: '12963312345', group: '学生' }, 'phone', '11 位'],
  ['a landline', { name: '张三', phone: '0633-6212345', group: '学生' }, 'phone', '座机号'],
  ['no group', { name: '张三', phone: '13963312345', group: '' }, 'group', '请选择身份'],
  ['a group not offered', { name: '张三', phone: '13963312345', group: '记者' }, 'group', '身份只能从这些中选择'],
  ['a 50,000-character name', { name: '名'.repeat(50_000), phone: '13963312345', group: '学生' }, 'name', '姓名最多 50 字，现在有 50000 字'],
])('refuses %s in Chinese, naming the field', (_what, input, field, message) => {
  const error = (() => { try { checkRegistration(input, GROUPS); } catch (e) { return e as PublisherError; } })();
  expect(error).toBeInstanceOf(PublisherError);
  expect(error!.code).toBe('REGISTRATION_INVALID');
  expect(error!.details).toEqual({ field });
  expect(error!.message).toContain(message);
});

it('never lets markup or an unchecked phone through, whatever the text in any field (adversarial, seeded)', () => {
  const field = fc.oneof(textField, fc.constantFrom(...PAYLOADS), fc.constantFrom(...GROUPS), fc.constant('13963312345'));
  fc.assert(fc.property(field, field, field, (name, phone, group) => {
    try {
      const checked = checkRegistration({ name, phone, group }, GROUPS);
      expect(MARKUP.test(checked.name)).toBe(false);
      expect(checked.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(GROUPS).toContain(checked.group);
      expect([...checked.name].length).toBeLessThanOrEqual(50);
    } catch (error) {
      expect(error).toBeInstanceOf(PublisherError);
      expect((error as PublisherError).code).toBe('REGISTRATION_INVALID');
    }
  }), { seed: 20_2612, numRuns: 2000 });
});

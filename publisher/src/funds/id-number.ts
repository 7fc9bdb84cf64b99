import IDValidator from 'id-validator';

/**
 * 公民身份号码 (GB 11643-1999): 17 digits and a check character, ISO 7064 MOD 11-2. The verdict on the
 * number is id-validator's; the format and the birth date are read here first so that a refusal says
 * which part is wrong (行 123：身份证号校验位不正确).
 */
export type IdNumberCheck = { ok: true; value: string } | { ok: false; reason: string };

const FORMAT = /^\d{17}[\dX]$/;

export class IdNumberChecker {
  // id-validator remembers every number it has seen: one checker per import, dropped with it.
  private readonly validator = new IDValidator();

  check(raw: string): IdNumberCheck {
    const value = raw.replace(/\s+/g, '').toUpperCase();
    if (value === '') return { ok: false, reason: '身份证号为空' };
    if (/^\d{15}$/.test(value)) return { ok: false, reason: '身份证号是 15 位的旧号码：请填写 18 位身份证号' };
    if (!FORMAT.test(value)) return { ok: false, reason: `身份证号应为 18 位（前 17 位数字，最后一位数字或 X），现在是“${value.slice(0, 24)}”` };
    const birth = value.slice(6, 14);
    const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10).replaceAll('-', '') !== birth || birth < '18900101') {
      return { ok: false, reason: `身份证号中的出生日期 ${birth} 不存在` };
    }
    if (!this.validator.isValid(value)) return { ok: false, reason: '身份证号校验位不正确（请核对最后一位和各位数字）' };
    return { ok: true, value };
  }
}

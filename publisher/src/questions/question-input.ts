import { z } from 'zod';
import { PublisherError } from '../errors';

/**
 * What a question may be, checked before anything is stored. Each refusal says what to change;
 * the form shows it beside the asker's own text, so nothing typed is lost.
 */
export const QUESTION_MAX_CHARS = 1000;
const code = /^[a-z0-9][a-z0-9-]{0,63}$/;
const documentId = /^[A-Za-z0-9_-]{1,64}$/;
// Control characters other than tab and newlines, and U+FFFD (what invalid UTF-8 decodes to): a file or garbage, not a question.
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/;
// Markup or script: nobody types a tag into a question about subsidies.
const MARKUP = /<\s*\/?\s*[a-z!?][^>]*>|<\s*script|javascript\s*:|\bon[a-z]+\s*=/i;
const PHONE = /^(\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}$|^0\d{2,3}-?\d{7,8}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const questionInputSchema = z.object({
  site: z.string().regex(code, '站点代码不正确').nullish(),
  body: z.string({ error: '请填写问题内容' }),
  about: z.string().regex(documentId, '解读编号不正确').nullish(),
  department: z.string().regex(code, '部门代码不正确').nullish(),
  askerName: z.string().nullish(),
  askerContact: z.string().nullish(),
  /** 咨询 (a question), 建议 (a suggestion, 你建言我来办) or 监督 (a report, 我要监督): the form's choice; a question unless said. */
  kind: z.enum(['question', 'suggestion', 'supervision'], { error: '请选择“咨询”或“建议”' }).nullish(),
  /** A report's place and fund (乡镇 村 · 资金项目), as its form composes it. */
  subject: z.string().nullish(),
  /** A report without the reporter's name and contact (匿名): whatever was typed there is dropped. */
  anonymous: z.boolean().nullish(),
});
export type QuestionInput = z.input<typeof questionInputSchema>;

export interface CheckedQuestion {
  site: string | null;
  body: string;
  about: string | null;
  department: string | null;
  askerName: string | null;
  askerContact: string | null;
  kind: QuestionKind;
  subject: string | null;
}
export type QuestionKind = 'question' | 'suggestion' | 'supervision';
const WHAT: Record<QuestionKind, { text: string; example: string }> = {
  question: { text: '问题内容', example: '请把问题写完整（至少 5 个字），比如：小规模纳税人怎么申请免征增值税？' },
  suggestion: { text: '建议内容', example: '请把建议写完整（至少 5 个字），比如：建议在政务服务中心增设周末窗口' },
  supervision: { text: '反映的问题', example: '请把问题写完整（至少 5 个字），比如：2026 年 4 月的耕地地力保护补贴我家没有收到' },
};

const refuse = (message: string, field: string) => new PublisherError('QUESTION_INVALID', message, { details: { field } });

export function checkText(value: string, field: string, label: string, max: number): string {
  if (BINARY.test(value)) throw refuse(`${label}含有无法识别的字符（可能粘贴了文件或乱码）：请只输入文字`, field);
  if (MARKUP.test(value)) throw refuse(`${label}不能包含网页代码（如 <script>、<a> 标签）：请只输入文字`, field);
  const text = value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  const length = [...text].length;
  if (length > max) throw refuse(`${label}最多 ${max} 字，现在有 ${length} 字：请精简后再提交`, field);
  return text;
}

export function checkQuestion(input: unknown): CheckedQuestion {
  const parsed = questionInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refuse(issue.message, issue.path.join('.') || 'body');
  }
  const { site, about, department } = parsed.data;
  const kind = parsed.data.kind ?? 'question';
  const what = WHAT[kind];
  const body = checkText(parsed.data.body, 'body', what.text, QUESTION_MAX_CHARS);
  if (!body) throw refuse(`请填写${what.text}`, 'body');
  if ([...body].length < 5) throw refuse(what.example, 'body');
  const subject = kind === 'supervision' && parsed.data.subject ? checkText(parsed.data.subject, 'subject', '监督事项', 200) || null : null;
  // Anonymous means nothing of the reporter is kept, not even what was typed before choosing it.
  const named = !(kind === 'supervision' && parsed.data.anonymous);
  const askerName = named && parsed.data.askerName ? checkText(parsed.data.askerName, 'askerName', '姓名', 50) || null : null;
  const contact = named && parsed.data.askerContact ? checkText(parsed.data.askerContact, 'askerContact', '联系方式', 100) : '';
  if (contact && !PHONE.test(contact) && !EMAIL.test(contact)) throw refuse('联系方式应为手机号、座机号（如 0633-6212345）或电子邮箱；也可以不填', 'askerContact');
  if (kind === 'supervision' && named && !askerName && !contact) throw refuse('实名反映请填写姓名或联系方式；不愿留名请选择“匿名反映”', 'askerName');
  return { site: site ?? null, body, about: about ?? null, department: department ?? null, askerName, askerContact: contact || null, kind, subject };
}

import { z } from 'zod';
import { PublisherError } from '../errors';
import { checkText } from '../questions/question-input';

/** One turn as the editor posts it during the interview: who speaks (a guest's name, 主持人 or 网友提问) and what was said. */
export interface LiveTurn {
  id: number;
  speaker: string;
  text: string;
  highlight: boolean;
  postedAt: string;
}

export const TURN_MAX_CHARS = 5000;
const turnInput = z.object({
  speaker: z.string({ error: '请填写发言人（嘉宾姓名、主持人或网友提问）' }),
  text: z.string({ error: '请填写发言内容' }),
  highlight: z.boolean().optional(),
});

/** The posted turn checked as the question desk checks free text (no markup, no binary, a length limit), or a Chinese refusal naming the field. */
export function checkTurn(input: unknown): Omit<LiveTurn, 'id' | 'postedAt'> {
  const parsed = turnInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PublisherError('BAD_REQUEST', issue.message, { details: { field: issue.path.join('.') } });
  }
  const speaker = checkText(parsed.data.speaker, 'speaker', '发言人', 50);
  const text = checkText(parsed.data.text, 'text', '发言内容', TURN_MAX_CHARS);
  if (!speaker) throw new PublisherError('BAD_REQUEST', '请填写发言人（嘉宾姓名、主持人或网友提问）', { details: { field: 'speaker' } });
  if (!text) throw new PublisherError('BAD_REQUEST', '请填写发言内容', { details: { field: 'text' } });
  return { speaker, text, highlight: parsed.data.highlight ?? false };
}

import { juxianInterpretation } from '../../../test/support/fixtures';
import { articleHtml } from '../wechat/article';
import { interviewParts } from './interview-parts';

const interview = () => ({
  ...juxianInterpretation(), format: 'interview',
  guests: [{ name: '周建华', title: '局长', department: '宜春市工业和信息化局' }],
  interviewStartsAt: '2026-11-20T02:00:00.000Z',
  transcript: [
    { speaker: '主持人', text: '欢迎收看在线访谈。', offsetSeconds: null, highlight: false },
    { speaker: '周建华', text: '能数据比对的奖补“免申即享”。', offsetSeconds: 30, highlight: true },
  ],
  answeredOnAir: [{ publicQuestion: '多久到账？', answer: '审核通过后10个工作日内拨付。' }, { publicQuestion: ' ', answer: '没有公开表述的不公开' }],
});
const parts = { digest: '摘要', department: '宜春市工业和信息化局', hotline: '12345', basis: [], explainers: [] };

it('tells a 访谈 by its guests and time, its turns, and the questions answered on air by their public wording', () => {
  const told = interviewParts(interview());
  expect(told.facts.map((f) => [f.label, f.text])).toEqual([['访谈嘉宾', '周建华（宜春市工业和信息化局局长）'], ['访谈时间', '2026-11-20 10:00（北京时间）']]);
  expect(told.turns.map((t) => t.speaker)).toEqual(['主持人', '周建华']);
  expect(told.answered).toEqual([{ question: '多久到账？', answer: '审核通过后10个工作日内拨付。' }]);
  expect(interviewParts(juxianInterpretation())).toEqual({ facts: [], turns: [], answered: [] });
});

it('writes the WeChat article with the speakers in bold, and keeps the first turns when the transcript is too long', () => {
  const { html } = articleHtml(interview(), parts, 20_000);
  expect(html).toMatch(/<strong[^>]*>周建华：<\/strong>能数据比对的奖补“免申即享”。/);
  expect(html).toContain('访谈实录');
  expect(html).toContain('问：多久到账？');
  expect(html).not.toContain('没有公开表述的不公开');
  const long = { ...interview(), transcript: Array.from({ length: 400 }, (_, i) => ({ speaker: '周建华', text: `第${i}段${'话'.repeat(100)}`, offsetSeconds: null, highlight: false })) };
  const cut = articleHtml(long, parts, 20_000);
  expect(cut.truncated).toBe(true);
  expect([...cut.html].length).toBeLessThanOrEqual(20_000);
  expect(cut.html).toContain('第0段');
});

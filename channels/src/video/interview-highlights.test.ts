import { juxianInterpretation } from '../../../test/support/fixtures';
import { PORTRAIT } from './frames';
import { planInterpretationVideo } from './interpretation-plan';
import { planProgramme } from '../audio/programme';

it('makes each 精彩片段 of an interview a caption card with the speaker as its heading, and nothing of the other turns', async () => {
  const doc = {
    ...juxianInterpretation(), format: 'interview',
    transcript: [
      { speaker: '主持人', text: '欢迎收看在线访谈。', offsetSeconds: null, highlight: false },
      { speaker: '周建华', text: '能数据比对的奖补免申即享。', offsetSeconds: 30, highlight: true },
    ],
  };
  const plan = await planInterpretationVideo(doc, {
    channel: 'short-video', layout: PORTRAIT, minSeconds: 15, maxSeconds: 60, includeQa: false, basisRequired: false, pageUrl: 'https://example.gov.cn/x', date: '2026年12月3日',
  });
  const said = plan.pages.map((p) => p.say);
  const quote = said.findIndex((s) => s.includes('能数据比对的奖补免申即享'));
  expect(quote).toBe(1); // right after the title card, before the key points
  expect(plan.pages[quote].optional).toBe(false);
  expect(said.join('')).not.toContain('欢迎收看在线访谈');
});

it('reads an interview\'s transcript on the radio turn by turn, each led by its speaker', () => {
  const doc = {
    ...juxianInterpretation(), format: 'interview', keyPoints: [], qa: [],
    transcript: [
      { speaker: '主持人', text: '欢迎收看在线访谈。', offsetSeconds: null, highlight: false },
      { speaker: '周建华', text: '能数据比对的奖补免申即享。', offsetSeconds: 30, highlight: true },
    ],
  };
  const { plan } = planProgramme(doc);
  const spoken = JSON.stringify(plan);
  expect(spoken).toContain('主持人：');
  expect(spoken.indexOf('周建华：')).toBeGreaterThan(spoken.indexOf('欢迎收看在线访谈'));
});

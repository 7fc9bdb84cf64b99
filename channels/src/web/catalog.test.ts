import { columnsOf } from './catalog';

describe('columnsOf', () => {
  const interpretation = (format: string, channels: string[] = ['web'], qa = 0) =>
    ({ kind: 'interpretation', format, channels, qa: Array.from({ length: qa }, () => ({ question: '?', answer: '!' })) }) as any;

  it('files documents in the uniform catalog', () => {
    expect(columnsOf({ kind: 'policy-document' } as any)).toEqual(['policies']);
    expect(columnsOf(interpretation('graphic_text'))).toEqual(['interpretations']);
    expect(columnsOf(interpretation('explainer_image'))).toEqual(['interpretations', 'images']);
    expect(columnsOf(interpretation('animation'))).toEqual(['interpretations', 'videos']);
    expect(columnsOf(interpretation('graphic_text', ['web', 'cinema']))).toEqual(['interpretations', 'videos']);
    expect(columnsOf(interpretation('qa'))).toEqual(['interpretations', 'qa']);
    expect(columnsOf(interpretation('interview'))).toEqual(['interpretations', 'interviews', 'videos']);
  });
});

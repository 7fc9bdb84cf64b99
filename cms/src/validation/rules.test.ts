import { interpretationProblems, policyDocumentProblems } from './rules';

describe('policyDocumentProblems', () => {
  it('refuses valid-to before valid-from with both dates in the message', () => {
    expect(policyDocumentProblems({ validFrom: '2024-01-01', validTo: '2023-12-31' })).toEqual([
      '失效日期（2023-12-31）早于生效日期（2024-01-01）：请把失效日期改到生效日期之后，或清空失效日期',
    ]);
  });

  it('refuses a repeated clause number, treating 一 and 一、 as the same clause', () => {
    const problems = policyDocumentProblems({ clauses: [{ number: '一、' }, { number: '一' }] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('重复');
  });

  it('accepts an open-ended validity window', () => {
    expect(policyDocumentProblems({ validFrom: '2024-01-01', validTo: null, clauses: [{ number: '第一条' }] })).toEqual([]);
  });
});

describe('interpretationProblems', () => {
  const policy = { title: '莒县公租房保障办法', documentNumber: '莒政办发〔2023〕8号', clauses: [{ number: '第一条' }, { number: '第二条' }] };

  it('names the missing clause, the document and the clauses it does have', () => {
    const [problem] = interpretationProblems({ basis: [{ policy, clauses: '第二条、第九条' }] });
    expect(problem).toBe(
      '政策依据第 1 项引用的条款 “第九条” 在《莒县公租房保障办法》（莒政办发〔2023〕8号）中不存在。该文件的条款有：第一条、第二条',
    );
  });

  it('asks for a policy document when a basis has none', () => {
    expect(interpretationProblems({ basis: [{ policy: null, clauses: '第一条' }] })[0]).toContain('没有选择政策文件');
  });

  it('refuses two overrides for one channel', () => {
    expect(interpretationProblems({ overrides: [{ channel: 'wechat' }, { channel: 'wechat' }] })[0]).toContain('wechat');
  });
});

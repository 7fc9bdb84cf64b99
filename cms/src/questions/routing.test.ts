import { publicWording, routeQuestion, type RoutingDepartment } from './routing';

const dept = (id: number, code: string, questionKeywords = ''): RoutingDepartment => ({ id, code, name: code, questionKeywords });
const hrss = dept(1, 'jx-hrss', '社保、养老保险、失业保险、稳岗、创业担保贷款');
const healthcare = dept(2, 'jx-healthcare', '医保、报销、异地就医、住院');
const office = dept(3, 'jx-gov-office');

describe('routeQuestion', () => {
  const base = { interpretationDepartment: null, chosen: null, siteDepartments: [hrss, healthcare], siteDefault: office };

  it('sends a question asked from an interpretation to that interpretation’s department, whatever it says', () => {
    expect(routeQuestion({ ...base, body: '异地就医怎么报销', interpretationDepartment: hrss })).toEqual({ department: hrss, routedBy: 'interpretation' });
  });
  it('follows the asker’s choice next', () => {
    expect(routeQuestion({ ...base, body: '异地就医怎么报销', chosen: hrss }).routedBy).toBe('asker_choice');
  });
  it('routes by the department whose keywords the question names most', () => {
    expect(routeQuestion({ ...base, body: '住院以后异地就医怎么报销？' })).toEqual({ department: healthcare, routedBy: 'keyword' });
    expect(routeQuestion({ ...base, body: '我们公司稳岗返还什么时候到账' })).toEqual({ department: hrss, routedBy: 'keyword' });
  });
  it('leaves a tie and a question with no keyword to the site’s desk', () => {
    expect(routeQuestion({ ...base, body: '社保和医保能一起办吗' })).toEqual({ department: office, routedBy: 'site_default' });
    expect(routeQuestion({ ...base, body: '村里的路灯坏了' })).toEqual({ department: office, routedBy: 'site_default' });
  });
  it('is unrouted with no desk at all (stored, shown to the office)', () => {
    expect(routeQuestion({ ...base, siteDefault: null, body: '村里的路灯坏了' })).toEqual({ department: null, routedBy: 'unrouted' });
  });
});

describe('publicWording', () => {
  it('takes phone, ID card and e-mail out of the asker’s own text', () => {
    const text = '我叫张三，电话 138-1234-5678，座机0633-6212345，身份证371122199001011234，邮箱 zhang.san@example.com，想问稳岗返还';
    const wording = publicWording(text);
    for (const secret of ['138-1234-5678', '0633-6212345', '371122199001011234', 'zhang.san@example.com']) expect(wording).not.toContain(secret);
    expect(wording).toContain('想问稳岗返还');
  });
});

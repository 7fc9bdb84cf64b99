/**
 * Which department answers a question (宜企问: every question has an owner from the moment it
 * arrives). In order: the department of the interpretation the question was asked from, the
 * department the asker picked, the department whose question keywords the text names most
 * (among departments that publish on the site), the site's default desk. None of these leaves
 * the question unrouted: it is still stored and shows on the status page for the office to assign.
 */
export type RoutedBy = 'interpretation' | 'asker_choice' | 'keyword' | 'site_default' | 'unrouted';

export interface RoutingDepartment { id: number; code: string; name: string; questionKeywords?: string | null }

export interface RoutingInput {
  body: string;
  interpretationDepartment: RoutingDepartment | null;
  chosen: RoutingDepartment | null;
  /** Departments that publish on the site the question came from. */
  siteDepartments: RoutingDepartment[];
  siteDefault: RoutingDepartment | null;
}

export function keywordsOf(department: RoutingDepartment): string[] {
  return (department.questionKeywords ?? '').split(/[、,，;；\s]+/).map((k) => k.trim()).filter((k) => k.length >= 2);
}

/** Keyword hits, longer keywords counting more (专精特新 says more than 企业). */
function keywordScore(body: string, department: RoutingDepartment): number {
  return keywordsOf(department).reduce((score, keyword) => (body.includes(keyword) ? score + keyword.length : score), 0);
}

export function routeQuestion(input: RoutingInput): { department: RoutingDepartment | null; routedBy: RoutedBy } {
  if (input.interpretationDepartment) return { department: input.interpretationDepartment, routedBy: 'interpretation' };
  if (input.chosen) return { department: input.chosen, routedBy: 'asker_choice' };
  const scored = input.siteDepartments
    .map((department) => ({ department, score: keywordScore(input.body, department) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.department.code.localeCompare(b.department.code));
  // A tie between two departments is not a decision: the site's desk assigns it.
  if (scored.length > 0 && (scored.length === 1 || scored[0].score > scored[1].score)) {
    return { department: scored[0].department, routedBy: 'keyword' };
  }
  if (input.siteDefault) return { department: input.siteDefault, routedBy: 'site_default' };
  return { department: null, routedBy: 'unrouted' };
}

/**
 * The wording that may be published with an answer: the asker's text with phone numbers, ID card
 * numbers and e-mail addresses taken out (people write them into the question itself). The answering
 * clerk reviews it before anything is published.
 */
export function publicWording(body: string): string {
  return body
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[邮箱已隐去]')
    .replace(/\d{17}[\dXx]|\d{15}/g, '[证件号已隐去]')
    .replace(/(\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}/g, '[电话已隐去]')
    .replace(/0\d{2,3}-?\d{7,8}/g, '[电话已隐去]')
    .slice(0, 500);
}

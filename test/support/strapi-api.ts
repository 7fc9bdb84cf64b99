/** Thin clients for Strapi's own APIs, as the admin panel and the publisher use them. */
export interface ApiResponse<T = any> { status: number; body: T }

async function call(url: string, init: RequestInit & { json?: unknown; token?: string }): Promise<ApiResponse> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(url, { ...init, headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
  const text = await response.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON; keep the text
  }
  return { status: response.status, body };
}

export async function adminLogin(base: string, email: string, password: string): Promise<string> {
  const res = await call(`${base}/admin/login`, { method: 'POST', json: { email, password } });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.token;
}

const cm = (uid: string) => `/content-manager/collection-types/${uid}`;
export const INTERPRETATION = 'api::interpretation.interpretation';
export const POLICY_DOCUMENT = 'api::policy-document.policy-document';

/** The content-manager API (what the admin panel calls), as one logged-in admin user. */
export function contentManager(base: string, jwt: string) {
  return {
    list: (uid: string, query = 'page=1&pageSize=100') => call(`${base}${cm(uid)}?${query}`, { token: jwt }),
    get: (uid: string, documentId: string) => call(`${base}${cm(uid)}/${documentId}`, { token: jwt }),
    create: (uid: string, data: object) => call(`${base}${cm(uid)}`, { method: 'POST', json: data, token: jwt }),
    update: (uid: string, documentId: string, data: object) =>
      call(`${base}${cm(uid)}/${documentId}`, { method: 'PUT', json: data, token: jwt }),
    publish: (uid: string, documentId: string, data: object = {}) =>
      call(`${base}${cm(uid)}/${documentId}/actions/publish`, { method: 'POST', json: data, token: jwt }),
    unpublish: (uid: string, documentId: string) =>
      call(`${base}${cm(uid)}/${documentId}/actions/unpublish`, { method: 'POST', json: {}, token: jwt }),
    remove: (uid: string, documentId: string) => call(`${base}${cm(uid)}/${documentId}`, { method: 'DELETE', token: jwt }),
    contentTypes: () => call(`${base}/content-manager/content-types`, { token: jwt }),
    components: () => call(`${base}/content-manager/components`, { token: jwt }),
  };
}

/**
 * Sets a published policy document's 失效日期 (null lifts it) and publishes it, as a clerk does in the
 * admin: the document is found by its 文号.
 */
export async function policyEndDate(cms: ReturnType<typeof contentManager>, documentNumber: string) {
  const policy = (await cms.list(POLICY_DOCUMENT, 'page=1&pageSize=100')).body.results.find((d: { documentNumber: string }) => d.documentNumber === documentNumber);
  if (!policy) throw new Error(`no policy document ${documentNumber} in the CMS`);
  const setEnd = async (validTo: string | null) => {
    if ((await cms.update(POLICY_DOCUMENT, policy.documentId, { validTo })).status !== 200) throw new Error(`could not set ${documentNumber}'s end date`);
    if ((await cms.publish(POLICY_DOCUMENT, policy.documentId, { validTo })).status !== 200) throw new Error(`could not publish ${documentNumber}`);
  };
  return { documentId: policy.documentId as string, setEnd };
}

/** The REST content API with a bearer token (the publisher's read-only token in tests). */
export function contentApi(base: string, token?: string) {
  return {
    get: (path: string) => call(`${base}/api${path}`, { token }),
    post: (path: string, data: object) => call(`${base}/api${path}`, { method: 'POST', json: { data }, token }),
  };
}

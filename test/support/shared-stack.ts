import { ADMIN } from './cms';
import { startStack, type Stack, type StackOptions } from './stack';
import { adminLogin } from './strapi-api';

/**
 * One stack that a test file boots for several modules (a boot costs about 20 CPU s: CMS, API and worker),
 * each module a function that registers its describe block given this object, filled in the file's beforeAll.
 */
export interface SharedStack {
  stack: Stack;
}

/** Boots one stack for the file's modules in its beforeAll and stops it in its afterAll. */
export function bootSharedStack(options: StackOptions): SharedStack {
  const shared = {} as SharedStack;
  beforeAll(async () => {
    shared.stack = await startStack(options);
  }, 180_000);
  afterAll(async () => {
    await shared.stack?.stop();
  });
  return shared;
}

const logins = new Map<string, Promise<string>>();

/**
 * The administrator's admin-API token for a stack's CMS, logged in once per CMS: Strapi refuses a sixth
 * login of one account from one address within minutes (429), and the modules on a shared stack would
 * pass that together.
 */
export function adminToken(stack: Stack): Promise<string> {
  let login = logins.get(stack.cms.url);
  if (!login) {
    login = adminLogin(stack.cms.url, ADMIN.email, ADMIN.password);
    logins.set(stack.cms.url, login);
    login.catch(() => logins.delete(stack.cms.url));
  }
  return login;
}

import { hookSecretMatches } from './wire';

describe('hookSecretMatches', () => {
  const secret = 'test-hook-secret-0123456789abcdef';

  it('accepts only the exact secret', () => {
    expect(hookSecretMatches(secret, secret)).toBe(true);
    expect(hookSecretMatches(`${secret}x`, secret)).toBe(false);
    expect(hookSecretMatches(secret.slice(1), secret)).toBe(false);
  });

  it('refuses a missing, empty or repeated header', () => {
    expect(hookSecretMatches(undefined, secret)).toBe(false);
    expect(hookSecretMatches('', secret)).toBe(false);
    expect(hookSecretMatches([secret, secret], secret)).toBe(false);
  });
});

import { hookSecretMatches, secretMatches } from './wire';

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

describe('secretMatches', () => {
  it('compares any configured secret the same way (staff passwords too), and never matches an empty one', () => {
    expect(secretMatches('Tongyuan2026!', 'Tongyuan2026!')).toBe(true);
    expect(secretMatches('tongyuan2026!', 'Tongyuan2026!')).toBe(false);
    expect(secretMatches('', '')).toBe(false);
  });
});

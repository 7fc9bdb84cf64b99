import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.tmp/**', '**/.strapi/**', 'cms/types/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Strapi's runtime objects are untyped at our boundary; keep `any` there visible but allowed.
      '@typescript-eslint/no-explicit-any': 'off',
      // Chinese typography uses the ideographic space (U+3000) inside strings on purpose.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js', '**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  // The kiosk app and its service worker run in the terminal's browser.
  { files: ['templates/kiosk/*.js', 'templates/finder/*.js'], languageOptions: { sourceType: 'script', globals: { ...globals.browser, ...globals.serviceworker } } },
);

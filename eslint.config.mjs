import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdktf.out/**', '.tools/**', 'bench/out/**', '**/*.js', '**/*.mjs', '.gen/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware, so that no attribute the provider bindings mark @deprecated is used anywhere.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-deprecated': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='importFrom']",
          message: 'Use importExisting() from constructs/import-existing.ts: importFrom runs `terraform version` at every synth.',
        },
      ],
    },
  },
);

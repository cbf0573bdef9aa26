import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'.data/',
			'.bench-data/',
			'test-results/',
			'playwright-report/',
			'scratch/',
			'supabase/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'no-control-regex': 'off',
			// Bezel is served at the root (no paths.base), so plain hrefs are already resolved
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		// V8 allocates a function literal assigned to a property (`a.b = () => …`) straight into the old
		// generation: the closure then keeps everything it closes over (a request, a document, query
		// rows) alive until the next full collection, and every scavenge copies it all. Through a
		// const, the closure is young and dies with its owner (patches/README.md has the measurements).
		files: ['src/**/*.ts', 'src/**/*.svelte', 'scripts/**/*.ts'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector:
						':function AssignmentExpression[left.type="MemberExpression"] > :matches(ArrowFunctionExpression, FunctionExpression).right',
					message:
						'Assign the function to a const first, then the const to the property: V8 allocates a function literal assigned to a property in the old generation, where it keeps what it closes over alive until a full GC (patches/README.md).'
				}
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser } }
	}
);

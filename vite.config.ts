import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';
import { skipNoncedPageEtag } from './scripts/vite/skip-nonced-page-etag.ts';

export default defineConfig({
	plugins: [
		skipNoncedPageEtag(),
		tailwindcss(),
		sveltekit({
			adapter: adapter({ out: 'build' }),
			// inline scripts get nonces/hashes; nothing loads from other origins
			csp: {
				mode: 'auto',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					'style-src': ['self', 'unsafe-inline'],
					'img-src': ['self', 'data:', 'blob:'],
					'font-src': ['self'],
					'connect-src': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['none'],
					'base-uri': ['self'],
					'object-src': ['none']
				}
			}
		})
	],
	server: { port: 5173, strictPort: false },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/lib/domain/**/*.test.ts', 'src/lib/format/**/*.test.ts', 'tests/unit/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['src/lib/server/**/*.test.ts', 'tests/integration/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/support/global-setup.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			}
		]
	}
});

import type { Plugin } from 'vite';

/**
 * SvelteKit hashes every rendered page (djb2, one character at a time) for an ETag. Bezel's pages
 * carry a fresh CSP nonce in every response, so that ETag can never match a second time, and the
 * hash cost about 1 ms of CPU per 100 KB of HTML: up to a sixth of a list page's time on the
 * server (profiled with `npm run bench`). This skips the ETag when the page's scripts carry a nonce; pages
 * without one (prerendered, or CSP off) keep it.
 *
 * The build fails if SvelteKit's code changes shape, so an upgrade cannot drop this silently.
 */
const RENDER_MODULE = /@sveltejs\/kit\/src\/runtime\/server\/page\/render\.js$/;
const ETAG_CONDITION = /if \(!chunks\) \{(\s*)headers\.set\('etag'/;

export function skipNoncedPageEtag(): Plugin {
	return {
		name: 'bezel:skip-nonced-page-etag',
		enforce: 'pre',
		transform(code, id) {
			if (!RENDER_MODULE.test(id.split('?')[0])) return null;
			if (!ETAG_CONDITION.test(code)) {
				this.error(
					'SvelteKit’s page renderer no longer sets its ETag the way scripts/vite/skip-nonced-page-etag.ts expects: check whether the plugin is still needed and update it.'
				);
			}
			return { code: code.replace(ETAG_CONDITION, "if (!chunks && !csp.script_needs_nonce) {$1headers.set('etag'"), map: null };
		}
	};
}

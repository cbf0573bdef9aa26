/** Only same-site paths: `/vendors?x=1` yes; `//evil.example` and `https://…` no. */
export function safeRedirect(target: string | null | undefined, fallback = '/'): string {
	if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
	return target;
}

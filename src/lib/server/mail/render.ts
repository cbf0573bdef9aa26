/** Plain, accessible transactional mail: a greeting, a few paragraphs and one clear link. */
export interface MailContent {
	subject: string;
	greeting?: string;
	paragraphs: string[];
	action?: { label: string; href: string };
	footer?: string;
}

const escapeHtml = (text: string) =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderMail(content: MailContent): { text: string; html: string } {
	const footer = content.footer ?? 'Bezel — production, quality and payments with your workshops.';
	const text = [
		content.greeting,
		...content.paragraphs,
		content.action ? `${content.action.label}: ${content.action.href}` : undefined,
		'--',
		footer
	]
		.filter(Boolean)
		.join('\n\n');
	const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1c1917;line-height:1.5;max-width:560px;margin:0 auto;padding:24px">
${content.greeting ? `<p>${escapeHtml(content.greeting)}</p>` : ''}
${content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${
	content.action
		? `<p><a href="${escapeHtml(content.action.href)}" style="display:inline-block;background:#6b4f1d;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>
<p style="font-size:13px;color:#57534e">Or open this link: <a href="${escapeHtml(content.action.href)}">${escapeHtml(content.action.href)}</a></p>`
		: ''
}
<hr style="border:none;border-top:1px solid #e7e5e4"><p style="font-size:12px;color:#57534e">${escapeHtml(footer)}</p>
</body></html>`;
	return { text, html };
}

import type { StartResult } from '../src/lib/server/app.ts';

/** The lines a newcomer needs after `npm run dev` or `npm start`: where to go and how to sign in. */
export function printWelcome(url: string, result: StartResult): void {
	const lines = ['', `  Bezel is running at ${url}`, ''];
	if (result.demoLogins.length > 0) {
		lines.push(result.seeded ? '  Demo brand Maison Aurelle seeded. Sign in as:' : '  Demo logins (Maison Aurelle):');
		const width = Math.max(...result.demoLogins.map((l) => l.role.length));
		for (const login of result.demoLogins) lines.push(`    ${login.role.padEnd(width)}  ${login.email}  /  ${login.password}`);
		lines.push('', `  Mail stays in the outbox: sign in as the administrator and open ${url}/admin/mailbox`);
	}
	console.log(lines.join('\n') + '\n');
}

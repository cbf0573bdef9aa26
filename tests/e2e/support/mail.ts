/**
 * Reads the mail the real SMTP server received (global-setup.ts writes one JSON file per message).
 * Tests run in worker processes, so the folder is the hand-over, not memory.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect } from '@playwright/test';
import { APP_ORIGIN, MAIL_DIR_VARIABLE } from './constants.ts';
import type { ReceivedMail } from './global-setup.ts';

export type { ReceivedMail };

function mailDir(): string {
	const dir = process.env[MAIL_DIR_VARIABLE];
	if (!dir)
		throw new Error(`${MAIL_DIR_VARIABLE} is not set: run the tests with playwright.config.ts (its global setup starts the SMTP server).`);
	return dir;
}

export async function receivedMail(): Promise<ReceivedMail[]> {
	const dir = mailDir();
	const names = (await fs.readdir(dir)).filter((name) => name.endsWith('.json')).sort();
	return Promise.all(names.map(async (name) => JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as ReceivedMail));
}

/** Waits for a message to `to` (and with a matching subject, if given); the app's mail worker sends every ~2 s. */
export async function waitForMail(to: string, options: { subject?: RegExp; timeoutMs?: number } = {}): Promise<ReceivedMail> {
	const address = to.toLowerCase();
	const deadline = Date.now() + (options.timeoutMs ?? 20_000);
	for (;;) {
		const all = await receivedMail();
		const match = all.find((m) => m.envelopeTo.includes(address) && (!options.subject || options.subject.test(m.subject)));
		if (match) return match;
		if (Date.now() > deadline) {
			const seen = all.map((m) => `  ${m.envelopeTo.join(', ')}: ${m.subject}`).join('\n') || '  (nothing)';
			throw new Error(`No e-mail to ${to} arrived within ${options.timeoutMs ?? 20_000} ms. Received:\n${seen}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** The one link to `pathPrefix` (e.g. /invitation/) in a message's text body; it must point at the app. */
export function linkFrom(mail: ReceivedMail, pathPrefix: string): string {
	const links = [...mail.text.matchAll(/https?:\/\/[^\s<>"')]+/g)].map((m) => m[0].replace(/[.,;:!?]+$/, ''));
	const matching = links.filter((link) => new URL(link).pathname.startsWith(pathPrefix));
	expect(matching, `links to ${pathPrefix} in the text of “${mail.subject}”: ${links.join(' ') || 'none'}`).toHaveLength(1);
	expect(new URL(matching[0]).origin, 'the link points at the app the person used').toBe(APP_ORIGIN);
	return matching[0];
}

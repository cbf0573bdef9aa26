/**
 * Process-wide services that depend on settings: the file store, the mail transport, upload limits.
 * Set once by `startBezel` (or by tests), read by the modules; kept on globalThis for the same reason
 * as the database handle (Vite reloads modules in development).
 */
import type { Transporter } from 'nodemailer';
import type { FileStore } from './files/store.ts';

export interface Platform {
	fileStore: FileStore;
	mailTransport: Transporter | null;
	mailFrom: string;
	uploadMaxBytes: number;
	/** origin for links in mail sent outside a request (reminders) */
	origin: string;
	embedded: boolean;
}

const slot = Symbol.for('bezel.platform');
type Holder = { [slot]?: Platform };

export function setPlatform(platform: Platform | undefined): void {
	(globalThis as Holder)[slot] = platform;
}

export function getPlatform(): Platform {
	const platform = (globalThis as Holder)[slot];
	if (!platform) throw new Error('Bezel is not started: call startBezel() first.');
	return platform;
}

export const getFileStore = () => getPlatform().fileStore;

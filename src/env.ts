/**
 * Every setting Bezel reads, declared once. This is the only module that touches `process.env`:
 * SvelteKit validates `variables` when the app starts, and scripts (migrate, seed, bench) call
 * `readSettings()`, which applies the same rules and fails with one sentence per bad setting.
 */
import { defineEnvVars } from '@sveltejs/kit/env';

type Parse<T> = (value: string | undefined) => T;

const optionalText: Parse<string | undefined> = (value) => {
	const trimmed = value?.trim();
	return trimmed ? trimmed : undefined;
};

function url(name: string, protocols: string[], example: string): Parse<string | undefined> {
	return (value) => {
		const text = optionalText(value);
		if (text === undefined) return undefined;
		let parsed: URL;
		try {
			parsed = new URL(text);
		} catch {
			throw new Error(`${name} must be a URL such as ${example}.`);
		}
		if (!protocols.includes(parsed.protocol)) {
			throw new Error(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (for example ${example}).`);
		}
		return text;
	};
}

function positiveInteger(name: string, fallback: number, max: number): Parse<number> {
	return (value) => {
		const text = optionalText(value);
		if (text === undefined) return fallback;
		if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
			throw new Error(`${name} must be a whole number from 1 to ${max} (got "${text}").`);
		}
		return Number(text);
	};
}

function flag(name: string, fallback: boolean): Parse<boolean> {
	return (value) => {
		const text = optionalText(value)?.toLowerCase();
		if (text === undefined) return fallback;
		if (['1', 'true', 'yes', 'on'].includes(text)) return true;
		if (['0', 'false', 'no', 'off'].includes(text)) return false;
		throw new Error(`${name} must be true or false (got "${text}").`);
	};
}

const parsers = {
	DATABASE_URL: url('DATABASE_URL', ['postgres:', 'postgresql:'], 'postgresql://user:password@host:5432/bezel'),
	DATA_DIR: (value: string | undefined) => optionalText(value) ?? '.data',
	DB_POOL_MAX: positiveInteger('DB_POOL_MAX', 10, 200),
	DB_PREPARE: flag('DB_PREPARE', true),
	ORIGIN: (value: string | undefined) => {
		const text = url('ORIGIN', ['http:', 'https:'], 'https://bezel.example.com')(value);
		if (text && new URL(text).origin !== text.replace(/\/$/, '')) {
			throw new Error(`ORIGIN must be an origin only, without a path (for example https://bezel.example.com).`);
		}
		return text?.replace(/\/$/, '');
	},
	PORT: positiveInteger('PORT', 3000, 65535),
	HOST: (value: string | undefined) => optionalText(value) ?? '0.0.0.0',
	WEB_CONCURRENCY: positiveInteger('WEB_CONCURRENCY', 1, 64),
	SMTP_URL: url('SMTP_URL', ['smtp:', 'smtps:'], 'smtps://user:password@smtp.example.com:465'),
	MAIL_FROM: (value: string | undefined) => {
		const text = optionalText(value) ?? 'Bezel <no-reply@bezel.local>';
		if (!/@/.test(text)) throw new Error(`MAIL_FROM must contain an e-mail address (got "${text}").`);
		return text;
	},
	SUPABASE_URL: url('SUPABASE_URL', ['https:', 'http:'], 'https://abcd.supabase.co'),
	SUPABASE_SERVICE_ROLE_KEY: optionalText,
	SUPABASE_STORAGE_BUCKET: (value: string | undefined) => optionalText(value) ?? 'bezel',
	UPLOAD_MAX_MB: positiveInteger('UPLOAD_MAX_MB', 10, 100),
	BODY_SIZE_LIMIT_MB: positiveInteger('BODY_SIZE_LIMIT_MB', 25, 200),
	ADDRESS_HEADER: optionalText,
	XFF_DEPTH: positiveInteger('XFF_DEPTH', 1, 20),
	SEED_DEMO: flag('SEED_DEMO', true),
	BACKGROUND_JOBS: flag('BACKGROUND_JOBS', true),
	LOG_SQL: flag('LOG_SQL', false)
} satisfies Record<string, Parse<unknown>>;

type Parsers = typeof parsers;
export type Settings = { [K in keyof Parsers]: ReturnType<Parsers[K]> } & {
	/** true when no DATABASE_URL is set and Bezel runs on PGlite in DATA_DIR */
	embedded: boolean;
};

const descriptions: Record<keyof Parsers, string> = {
	DATABASE_URL: 'PostgreSQL ≥ 15 connection string. Unset: embedded PGlite database in DATA_DIR.',
	DATA_DIR: 'Folder for the embedded database and local files (default .data).',
	DB_POOL_MAX: 'Connections per process to DATABASE_URL (default 10).',
	DB_PREPARE: 'Prepare statements once per connection (default true); false behind a transaction-mode pooler such as Supabase port 6543.',
	ORIGIN: 'Public origin users reach Bezel at, e.g. https://bezel.example.com (links in e-mails, CSRF).',
	PORT: 'Port for `npm start` (default 3000).',
	HOST: 'Interface for `npm start` (default 0.0.0.0).',
	WEB_CONCURRENCY: 'Server processes `npm start` runs on this machine (default 1; more needs DATABASE_URL).',
	SMTP_URL: 'SMTP server for outgoing mail. Unset: mail stays in the outbox, readable by admins.',
	MAIL_FROM: 'Sender of outgoing mail.',
	SUPABASE_URL: 'Supabase project URL: files go to Supabase Storage. Unset: files on local disk.',
	SUPABASE_SERVICE_ROLE_KEY: 'Supabase service-role key (server only) for Storage.',
	SUPABASE_STORAGE_BUCKET: 'Private Storage bucket for Bezel files (default bezel).',
	UPLOAD_MAX_MB: 'Largest accepted upload in megabytes (default 10).',
	BODY_SIZE_LIMIT_MB: 'Largest request body `npm start` accepts, in megabytes (default 25).',
	ADDRESS_HEADER: 'Header holding the client address behind a proxy, e.g. X-Forwarded-For (sign-in throttling per IP).',
	XFF_DEPTH: 'Number of trusted proxies in front of Bezel when ADDRESS_HEADER is X-Forwarded-For (default 1).',
	SEED_DEMO: 'Seed the demo brand into an empty embedded database (default true).',
	BACKGROUND_JOBS: 'Run the background job worker (mail, reminders) in this process (default true).',
	LOG_SQL: 'Log every SQL statement (default false).'
};

/** What SvelteKit validates at start-up and exposes through `$app/env/private`. */
export const variables = defineEnvVars(
	Object.fromEntries(
		Object.entries(parsers).map(([name, parse]) => [
			name,
			{ schema: parse as Parse<unknown>, description: descriptions[name as keyof Parsers] }
		])
	) as { [K in keyof Parsers]: { schema: Parsers[K]; description: string } }
);

export class SettingsError extends Error {
	readonly problems: string[];

	constructor(problems: string[]) {
		super(`Bezel cannot start: ${problems.join(' ')}`);
		this.name = 'SettingsError';
		this.problems = problems;
	}
}

/** Parses and cross-checks settings; throws one SettingsError listing every problem. */
export function parseSettings(source: Record<string, string | undefined>): Settings {
	const problems: string[] = [];
	const result: Record<string, unknown> = {};
	for (const [name, parse] of Object.entries(parsers)) {
		try {
			result[name] = (parse as Parse<unknown>)(source[name]);
		} catch (error) {
			problems.push((error as Error).message);
		}
	}
	if (problems.length === 0) {
		const supabase = [result.SUPABASE_URL, result.SUPABASE_SERVICE_ROLE_KEY];
		if (supabase.some(Boolean) && !supabase.every(Boolean)) {
			problems.push('SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY must be set together to use Supabase Storage.');
		}
	}
	if (problems.length === 0 && !result.DATABASE_URL && (result.WEB_CONCURRENCY as number) > 1) {
		problems.push('WEB_CONCURRENCY above 1 needs DATABASE_URL: the embedded database serves one process only.');
	}
	if (problems.length > 0) throw new SettingsError(problems);
	return { ...(result as Omit<Settings, 'embedded'>), embedded: !result.DATABASE_URL };
}

let cached: Settings | undefined;

/** The settings of this process, read once from the environment. */
export function readSettings(): Settings {
	cached ??= parseSettings(process.env);
	return cached;
}

/**
 * The settings of adapter-node's request handler, which reads them from the environment itself.
 * `npm start` passes them on; Bezel's own ORIGIN decides protocol and host (see scripts/start.ts).
 */
export function adapterEnvironment(settings: Settings): Record<string, string> {
	const environment: Record<string, string> = {
		PROTOCOL_HEADER: 'x-bezel-origin-protocol',
		HOST_HEADER: 'x-bezel-origin-host',
		BODY_SIZE_LIMIT: `${settings.BODY_SIZE_LIMIT_MB}M`
	};
	if (settings.ADDRESS_HEADER) {
		environment.ADDRESS_HEADER = settings.ADDRESS_HEADER;
		environment.XFF_DEPTH = String(settings.XFF_DEPTH);
	}
	return environment;
}

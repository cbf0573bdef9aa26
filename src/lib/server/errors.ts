/**
 * Typed failures a service may report. Routes turn them into responses in one place
 * (`#lib/server/http.ts`); the message is a sentence a person can act on.
 */
export type AppErrorCode = 'NotFound' | 'Forbidden' | 'Conflict' | 'Invalid' | 'TooManyRequests' | 'Unauthenticated';

export class AppError extends Error {
	readonly code: AppErrorCode;
	/** per-field messages for form inputs, keyed by field name */
	readonly fields: Record<string, string>;

	constructor(code: AppErrorCode, message: string, fields: Record<string, string> = {}) {
		super(message);
		this.name = 'AppError';
		this.code = code;
		this.fields = fields;
	}
}

export const notFound = (what = 'That page') => new AppError('NotFound', `${what} does not exist, or you do not have access to it.`);
export const forbidden = (message = 'You do not have permission to do that.') => new AppError('Forbidden', message);
export const conflict = (message: string, fields?: Record<string, string>) => new AppError('Conflict', message, fields);
export const invalid = (message: string, fields?: Record<string, string>) => new AppError('Invalid', message, fields);

export const statusOf: Record<AppErrorCode, number> = {
	NotFound: 404,
	Forbidden: 403,
	Conflict: 409,
	Invalid: 400,
	TooManyRequests: 429,
	Unauthenticated: 401
};

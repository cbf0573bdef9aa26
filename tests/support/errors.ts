import { expect } from 'vitest';
import { AppError } from '../../src/lib/server/errors.ts';

/** Awaits a promise that must fail with an AppError, and returns the error for closer checks. */
export async function error(promise: Promise<unknown>): Promise<AppError> {
	const result = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(result).toBeInstanceOf(AppError);
	return result as AppError;
}

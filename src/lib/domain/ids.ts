/**
 * Record ids are UUIDs. A malformed id in a URL or a form is "not found", never a database error:
 * services check with `isUuid` before they query.
 */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && uuidPattern.test(value);
}

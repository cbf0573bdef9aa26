/**
 * Superforms puts the messages of an array field (checkboxes, photos, estimate lines) under
 * `_errors`, and a plain field's as a list: both become a flat list of sentences here.
 */
export function arrayErrors(value: unknown): string[] {
	if (!value) return [];
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
	const own = (value as { _errors?: unknown })._errors;
	return Array.isArray(own) ? own.filter((v): v is string => typeof v === 'string') : [];
}

/** The messages of row `index`'s `field` in an array of objects (`$errors.lines[0].price`). */
export function rowErrors(value: unknown, index: number, field: string): string[] {
	if (!value || typeof value !== 'object') return [];
	const row = (value as Record<number, Record<string, unknown> | undefined>)[index];
	return arrayErrors(row?.[field]);
}

/**
 * A step's form shows only its refusals: once a step is taken the page moves on (the form is gone or
 * another takes its place), so the page says what happened at its top instead.
 */
export function refusalOnly<M extends { tone: string } | undefined | null>(message: M): M | undefined {
	return message?.tone === 'error' ? message : undefined;
}

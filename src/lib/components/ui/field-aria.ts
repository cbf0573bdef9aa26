/** A field error as produced by sveltekit-superforms (`$errors.x`) or a plain message. */
export type FieldError = string | readonly string[] | null | undefined;

/** Normalises an error value to a list of non-empty messages. */
export function errorMessages(error: FieldError): string[] {
	if (!error) return [];
	const list = typeof error === 'string' ? [error] : [...error];
	return list.filter((message) => message.trim() !== '');
}

/** `aria-invalid` value for a control: `'true'` when there is an error, otherwise omitted. */
export function invalid(error: FieldError): 'true' | undefined {
	return errorMessages(error).length > 0 ? 'true' : undefined;
}

/**
 * `aria-describedby` value for a control wrapped in `<Field {id}>`.
 * Points at `${id}-hint` and/or `${id}-error` when present; `extra` ids (e.g. a caller's own
 * `aria-describedby`) are appended. Returns `undefined` when there is nothing to describe.
 */
export function describedBy(
	id: string,
	{ hint, error }: { hint?: string | null; error?: FieldError },
	extra?: string | null
): string | undefined {
	const ids: string[] = [];
	if (hint) ids.push(`${id}-hint`);
	if (errorMessages(error).length > 0) ids.push(`${id}-error`);
	if (extra) ids.push(extra);
	return ids.length > 0 ? ids.join(' ') : undefined;
}

/** Shared classes for text-like controls (input, select, textarea). */
export const controlClasses = 'bz-control'; // styled in app.css

/** An option for `<Select>` and `<CheckboxGroup>`. */
export interface ChoiceOption {
	value: string;
	label: string;
	disabled?: boolean;
}

/**
 * The ILIKE pattern that finds `text` anywhere in a column, with the `%`, `_` and `\` a person typed
 * taken literally (PostgreSQL's default escape character is the backslash).
 */
export function containsPattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

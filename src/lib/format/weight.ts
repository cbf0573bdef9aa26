/** Weights are integer milligrams (DOMAIN.md); people read and type grams. */
export function formatGrams(mg: number | null | undefined, decimals = 2): string {
	if (mg === null || mg === undefined) return '—';
	return `${(mg / 1000).toFixed(decimals)} g`;
}

/** 1 dwt = 1.55517 g */
export function formatPennyweight(mg: number | null | undefined): string {
	if (mg === null || mg === undefined) return '—';
	return `${(mg / 1555.17).toFixed(2)} dwt`;
}

/** Grams as typed ("3.2", "3,20 g") to milligrams; at most three decimals, exact. */
export function parseGrams(text: string): { ok: true; mg: number } | { ok: false; message: string } {
	const cleaned = text.trim().replace(/\s*g$/i, '').replace(',', '.');
	const match = /^(\d{1,6})(?:\.(\d{0,3}))?$/.exec(cleaned);
	if (!match) return { ok: false, message: 'Enter the weight in grams, like 3.25 (at most three decimals).' };
	return { ok: true, mg: Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0')) };
}

/** Milligrams as a plain grams string for form fields: 3250 → "3.25". */
export function mgToGramsString(mg: number | null | undefined): string {
	if (mg === null || mg === undefined) return '';
	const text = (mg / 1000).toFixed(3);
	return text.replace(/\.?0+$/, '');
}

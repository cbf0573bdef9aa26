/** PO-2026-0042: the year the PO was created and its place in that year, gap-free. */
export function formatPoNumber(year: number, sequence: number): string {
	return `PO-${year}-${String(sequence).padStart(4, '0')}`;
}

export function parsePoNumber(text: string): { year: number; sequence: number } | null {
	const match = /^PO-(\d{4})-(\d{4,})$/.exec(text.trim().toUpperCase());
	return match ? { year: Number(match[1]), sequence: Number(match[2]) } : null;
}

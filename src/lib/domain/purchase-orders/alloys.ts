/**
 * Alloys a PO line may name. Fineness is in parts per thousand (DOMAIN.md): the karat label alone
 * is not enough, because 14K is 585 in most of the world and 583 as a US nominal.
 */
export interface Alloy {
	code: string;
	label: string;
	metal: 'gold' | 'platinum' | 'silver' | 'palladium';
	colour: 'yellow' | 'white' | 'rose' | null;
	fineness: number;
}

const gold = (karat: string, fineness: number, colour: 'yellow' | 'white' | 'rose'): Alloy => ({
	code: `${karat}${colour[0].toUpperCase()}`,
	label: `${karat} ${colour} gold (${fineness})`,
	metal: 'gold',
	colour,
	fineness
});

export const alloys: readonly Alloy[] = [
	gold('10K', 417, 'yellow'),
	gold('10K', 417, 'white'),
	gold('14K', 585, 'yellow'),
	gold('14K', 585, 'white'),
	gold('14K', 585, 'rose'),
	{ code: '14KY583', label: '14K yellow gold, US nominal (583)', metal: 'gold', colour: 'yellow', fineness: 583 },
	gold('18K', 750, 'yellow'),
	gold('18K', 750, 'white'),
	gold('18K', 750, 'rose'),
	gold('22K', 916, 'yellow'),
	{ code: '24K', label: '24K fine gold (999)', metal: 'gold', colour: 'yellow', fineness: 999 },
	{ code: 'PT950', label: 'Platinum 950', metal: 'platinum', colour: null, fineness: 950 },
	{ code: 'PD950', label: 'Palladium 950', metal: 'palladium', colour: null, fineness: 950 },
	{ code: 'AG925', label: 'Sterling silver (925)', metal: 'silver', colour: null, fineness: 925 }
];

const byCode = new Map(alloys.map((a) => [a.code, a]));

export function findAlloy(code: string): Alloy | undefined {
	return byCode.get(code.trim().toUpperCase());
}

export const alloyCodes = alloys.map((a) => a.code) as [string, ...string[]];

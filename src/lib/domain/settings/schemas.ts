import { z } from 'zod';
import { isCurrency } from '../money.ts';

const days = (max: number, label: string) =>
	z.coerce
		.number({ error: `Enter ${label} as a number of days.` })
		.int('Enter a whole number of days.')
		.min(1, 'Enter at least 1 day.')
		.max(max, `Enter at most ${max} days.`);

/** The brand's settings as the admin form edits them. */
export const brandSettingsSchema = z.object({
	brandName: z.string().trim().min(1, 'Enter the brand’s name.').max(120, 'Keep the name under 120 characters.'),
	brandAddress: z.string().trim().max(1000, 'Keep the address under 1,000 characters.').optional().default(''),
	defaultShipTo: z.string().trim().max(1000, 'Keep the ship-to address under 1,000 characters.').optional().default(''),
	defaultTerms: z.string().trim().max(4000, 'Keep the terms under 4,000 characters.').optional().default(''),
	poReminderDays: days(60, 'the reminder delay').default(3),
	poDueSoonDays: days(90, 'the due-soon window').default(14),
	// left out, these two keep their saved value: a caller that does not know them must not reset them
	homeCurrency: z
		.string()
		.trim()
		.toUpperCase()
		.refine((code) => /^[A-Z]{3}$/.test(code) && isCurrency(code), 'Choose a currency such as USD, EUR or THB.')
		.optional(),
	repairTurnaroundDays: days(90, 'the repair turnaround').optional(),
	version: z.coerce.number().int().min(0).optional()
});

export type BrandSettingsInput = z.input<typeof brandSettingsSchema>;
export type BrandSettingsForm = z.output<typeof brandSettingsSchema>;

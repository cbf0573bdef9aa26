import { todayIso } from '#lib/domain/repairs/schemas.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { AppError } from '#lib/server/errors.ts';
import { requireActor } from '#lib/server/http.ts';
import { getRepairSettings } from '#lib/server/repairs/actions.ts';
import { getGoodsHeldByVendor, getRepairTurnaround, type RepairTurnaround } from '#lib/server/repairs/oversight.ts';
import { REMINDER_INTERVAL_DAYS } from '#lib/server/repairs/reminders.ts';
import type { PageServerLoad } from './$types';

const DEFAULT_PERIOD_DAYS = 90;

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	const today = todayIso();
	const start = new Date(Date.parse(`${today}T00:00:00Z`) - DEFAULT_PERIOD_DAYS * 86_400_000).toISOString().slice(0, 10);
	const period = {
		from: event.url.searchParams.get('from') || start,
		to: event.url.searchParams.get('to') || today
	};
	let turnaround: RepairTurnaround | null = null;
	let periodErrors: Record<string, string> = {};
	try {
		turnaround = await getRepairTurnaround(actor, period);
	} catch (caught) {
		// a period typed wrong in the address bar is said beside the fields, the rest of the page still shows
		if (!(caught instanceof AppError) || caught.code !== 'Invalid') throw caught;
		periodErrors = { ...caught.fields, message: caught.message };
	}
	return {
		held: await getGoodsHeldByVendor(actor),
		turnaround,
		period,
		periodErrors,
		today,
		targetDays: (await getRepairSettings(actor)).turnaroundDays,
		reminderDays: REMINDER_INTERVAL_DAYS
	};
};

import { getOpsHome } from '#lib/server/vendors/service.ts';
import { getPurchaseOrderFollowUp } from '#lib/server/purchase-orders/lists.ts';
import { getProductionSummary } from '#lib/server/production/timeline.ts';
import { requireActor } from '#lib/server/http.ts';
import { getRepairCounts } from '#lib/server/repairs/actions.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import type { PageServerLoad } from './$types';

const FOLLOW_UP_CAP = 100;

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// asked together: on a server they share the page's transaction and leave in one network write;
	// the follow-up is counted up to a cap: the card says "100+" rather than count every late PO on every visit
	const [followUp, home, production, repairs] = await Promise.all([
		getPurchaseOrderFollowUp(actor, FOLLOW_UP_CAP),
		getOpsHome(actor),
		getProductionSummary(actor),
		getRepairCounts(actor)
	]);
	return {
		home,
		name: actor.name,
		role: actor.role,
		canAddVendors: actor.role !== 'finance',
		production: { ...production, week: todayIso() },
		repairs,
		poFollowUp: {
			unacknowledged: followUp.unacknowledged.length,
			pastReminder: followUp.unacknowledged.filter((r) => r.days >= followUp.reminderDays).length,
			changeRequested: followUp.changeRequested.length,
			dueSoon: followUp.dueSoon.length,
			overdue: followUp.overdue.length,
			dueSoonDays: followUp.dueSoonDays,
			cap: FOLLOW_UP_CAP
		}
	};
};

/**
 * A custom order's life (DOMAIN.md, Custom orders) as pure data: which event moves which state where,
 * and who may trigger it. The service asks `nextCustomOrderStatus` before every change, so no screen
 * can skip a step: a brief is designed before it is approved, approved before it is produced.
 */

/** The same list as the `custom_order.status` column (a test keeps the two equal). */
export const customOrderStatuses = ['brief', 'in_design', 'approved', 'in_production', 'completed', 'cancelled'] as const;
export type CustomOrderStatus = (typeof customOrderStatuses)[number];

export type CustomOrderEvent =
	| 'edit' // ops corrects the brief (design fields only until the design is approved)
	| 'add_images' // ops adds inspiration images to the brief
	| 'assign_designer' // ops assigns (or re-assigns) the CAD designer workshop
	| 'submit_version' // the designer uploads a design version
	| 'request_changes' // ops answers a version: changes, with a comment
	| 'approve_version' // ops answers a version: the client approved it; the design is locked
	| 'order_production' // ops makes a production PO from the approved design
	| 'complete' // ops marks the piece delivered
	| 'cancel';

/** 'designer' is the CAD designer workshop assigned to the order. */
export type CustomOrderSide = 'brand' | 'designer';

const open: readonly CustomOrderStatus[] = ['brief', 'in_design', 'approved', 'in_production'];

interface Rule {
	from: readonly CustomOrderStatus[];
	/** 'same': the event happens inside the state (a new version, another PO) */
	to: CustomOrderStatus | 'same';
	by: CustomOrderSide;
}

export const customOrderRules: Record<CustomOrderEvent, Rule> = {
	edit: { from: open, to: 'same', by: 'brand' },
	add_images: { from: ['brief', 'in_design'], to: 'same', by: 'brand' },
	assign_designer: { from: ['brief', 'in_design'], to: 'in_design', by: 'brand' },
	submit_version: { from: ['in_design'], to: 'same', by: 'designer' },
	request_changes: { from: ['in_design'], to: 'same', by: 'brand' },
	approve_version: { from: ['in_design'], to: 'approved', by: 'brand' },
	order_production: { from: ['approved', 'in_production'], to: 'in_production', by: 'brand' },
	complete: { from: ['in_production'], to: 'completed', by: 'brand' },
	cancel: { from: open, to: 'cancelled', by: 'brand' }
};

export const customOrderEvents = Object.keys(customOrderRules) as CustomOrderEvent[];

/** The state after `event`, or null when the event is not allowed from `status` for `side`. */
export function nextCustomOrderStatus(status: CustomOrderStatus, event: CustomOrderEvent, side: CustomOrderSide): CustomOrderStatus | null {
	const rule = customOrderRules[event];
	if (rule.by !== side || !rule.from.includes(status)) return null;
	return rule.to === 'same' ? status : rule.to;
}

export function allowedCustomOrderEvents(status: CustomOrderStatus, side: CustomOrderSide): CustomOrderEvent[] {
	return customOrderEvents.filter((event) => nextCustomOrderStatus(status, event, side) !== null);
}

export const isOpenCustomOrder = (status: CustomOrderStatus) => open.includes(status);
export const isTerminalCustomOrder = (status: CustomOrderStatus) => status === 'completed' || status === 'cancelled';

/** Once a version is approved the design is locked: the metal, stones, size and brief text stay as approved. */
export const isDesignLocked = (status: CustomOrderStatus) => status === 'approved' || status === 'in_production' || status === 'completed';

/** How far along the order is; a cancelled order has left the line. Never goes down except by cancelling. */
export const customOrderRank: Record<CustomOrderStatus, number> = {
	brief: 0,
	in_design: 1,
	approved: 2,
	in_production: 3,
	completed: 4,
	cancelled: 5
};

export const customOrderStatusLabels: Record<CustomOrderStatus, string> = {
	brief: 'Brief',
	in_design: 'In design',
	approved: 'Design approved',
	in_production: 'In production',
	completed: 'Completed',
	cancelled: 'Cancelled'
};

export const customOrderStatusTone: Record<CustomOrderStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
	brief: 'neutral',
	in_design: 'info',
	approved: 'success',
	in_production: 'info',
	completed: 'success',
	cancelled: 'neutral'
};

// ---------------------------------------------------------------- design versions

/** The same list as the `design_version.status` column. */
export const designVersionStatuses = ['submitted', 'changes_requested', 'approved', 'superseded'] as const;
export type DesignVersionStatus = (typeof designVersionStatuses)[number];

export const designVersionStatusLabels: Record<DesignVersionStatus, string> = {
	submitted: 'Waiting for the brand',
	changes_requested: 'Changes requested',
	approved: 'Approved',
	superseded: 'Superseded'
};

export const designVersionStatusTone: Record<DesignVersionStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
	submitted: 'info',
	changes_requested: 'warning',
	approved: 'success',
	superseded: 'neutral'
};

export interface VersionLike {
	versionNo: number;
	status: DesignVersionStatus;
	vendorId: string;
}

/**
 * The status each version shows. A version still marked "submitted" is waiting only if it is the
 * newest one and its designer is still the order's: an upload supersedes the version before it, and a
 * re-assignment the old designer's waiting one. (The designer's transaction may not rewrite the
 * older row, so the rule is applied where versions are read as well as where ops writes.)
 */
export function effectiveVersionStatus(version: VersionLike, all: readonly VersionLike[], designerId: string | null): DesignVersionStatus {
	if (version.status !== 'submitted') return version.status;
	const newest = all.reduce((max, v) => Math.max(max, v.versionNo), 0);
	return version.versionNo === newest && version.vendorId === designerId ? 'submitted' : 'superseded';
}

/** The version waiting for the brand's answer, if any. */
export function waitingVersion<V extends VersionLike>(all: readonly V[], designerId: string | null): V | null {
	return all.find((v) => effectiveVersionStatus(v, all, designerId) === 'submitted') ?? null;
}

/** Who the order waits on: the designer (a first or a changed version), the brand (a version to answer), or neither. */
export function waitingOn(status: CustomOrderStatus, all: readonly VersionLike[], designerId: string | null): CustomOrderSide | null {
	if (status !== 'in_design' || designerId === null) return null;
	return waitingVersion(all, designerId) ? 'brand' : 'designer';
}

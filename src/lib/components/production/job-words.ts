/** Words the production screens share: a job's state, stage names inside sentences, short dates. */

export type JobState = 'done' | 'cancelled' | 'blocked' | 'at_risk' | 'on_track';

export function jobState(job: { status: string; blocked: boolean; atRisk: boolean }): JobState {
	if (job.status === 'done') return 'done';
	if (job.status === 'cancelled') return 'cancelled';
	if (job.blocked) return 'blocked';
	return job.atRisk ? 'at_risk' : 'on_track';
}

export const jobStateLabels: Record<JobState, string> = {
	done: 'Done',
	cancelled: 'Cancelled',
	blocked: 'Blocked',
	at_risk: 'At risk',
	on_track: 'On track'
};

export const jobStateTone = {
	done: 'success',
	cancelled: 'neutral',
	blocked: 'danger',
	at_risk: 'warning',
	on_track: 'info'
} as const satisfies Record<JobState, string>;

/** "Stone setting" reads "stone setting" inside a sentence; "CAD" and "QC and finishing" keep their capitals. */
export function stageInSentence(name: string): string {
	return /^\p{Lu}\p{Ll}/u.test(name) ? name[0].toLowerCase() + name.slice(1) : name;
}

const short = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "3 Dec" for a calendar date (YYYY-MM-DD). */
export function shortDay(iso: string | null | undefined): string {
	return iso ? short.format(new Date(`${iso}T00:00:00Z`)) : '—';
}

export const pieces = (n: number) => `${n} piece${n === 1 ? '' : 's'}`;

export const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** Pieces that can go through a stage now: ready to start it, or in it waiting to finish. */
export function piecesFor(
	milestones: { name: string; status: string; quantityIn: number; quantityOut: number }[],
	jobQuantity: number,
	stage: string,
	action: 'start' | 'finish'
): number {
	const index = milestones.findIndex((m) => m.name.toLowerCase() === stage.toLowerCase());
	if (index < 0) return 0;
	const m = milestones[index];
	if (action === 'finish') return Math.max(0, m.quantityIn - m.quantityOut);
	const previous = milestones
		.slice(0, index)
		.reverse()
		.find((p) => p.status !== 'skipped');
	return Math.max(0, (previous ? previous.quantityOut : jobQuantity) - m.quantityIn);
}

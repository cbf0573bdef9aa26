import { roleLabels } from '#lib/domain/identity/roles.ts';
import { navigationFor, type ShellData } from '#lib/navigation.ts';
import type { Actor } from './auth/actor.ts';

/** What the app shell shows about the signed-in person (display only; access is decided elsewhere). */
export function shellData(actor: Actor | null): ShellData | null {
	if (!actor) return null;
	return {
		name: actor.name,
		roleLabel: roleLabels[actor.role],
		workshopName: actor.kind === 'vendor' ? actor.vendorName : null,
		navigation: navigationFor(actor.role)
	};
}

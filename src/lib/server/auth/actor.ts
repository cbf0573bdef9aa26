import type { InternalRole, Role, VendorRole } from '#lib/domain/identity/roles.ts';
import { isVendorRole } from '#lib/domain/identity/roles.ts';
import { inScope, type DbScope, type Tx } from '#lib/server/db/scope.ts';
import { AppError, forbidden, notFound } from '#lib/server/errors.ts';

/** The signed-in person a service acts for. The tenant comes from here, never from the request. */
export type Actor =
	| { kind: 'staff'; userId: string; name: string; email: string; role: InternalRole; vendorId: null; sessionId?: string }
	| {
			kind: 'vendor';
			userId: string;
			name: string;
			email: string;
			role: VendorRole;
			vendorId: string;
			vendorName: string;
			sessionId?: string;
	  };

export type VendorActor = Extract<Actor, { kind: 'vendor' }>;
export type StaffActor = Extract<Actor, { kind: 'staff' }>;

/** The database scope the actor's queries run in: vendor users under RLS for their workshop, staff under the staff role. */
export function scopeOf(actor: Actor): DbScope {
	return actor.kind === 'vendor'
		? { kind: 'vendor', vendorId: actor.vendorId, userId: actor.userId }
		: { kind: 'staff', userId: actor.userId };
}

/** Runs work as the actor, in the actor's scope. */
export function withActor<T>(actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
	return inScope(scopeOf(actor), work);
}

export function requireStaff(
	actor: Actor | null | undefined,
	roles: readonly InternalRole[] = ['admin', 'ops', 'finance']
): asserts actor is StaffActor {
	if (!actor) throw new AppError('Unauthenticated', 'Sign in to continue.');
	// a vendor must not learn that an internal page exists
	if (actor.kind !== 'staff') throw notFound();
	if (!roles.includes(actor.role)) throw forbidden();
}

export function requireVendor(
	actor: Actor | null | undefined,
	roles: readonly VendorRole[] = ['vendor_admin', 'vendor_member']
): asserts actor is VendorActor {
	if (!actor) throw new AppError('Unauthenticated', 'Sign in to continue.');
	if (actor.kind !== 'vendor') throw notFound();
	if (!roles.includes(actor.role)) throw forbidden('Only your workshop’s admin can do that.');
}

export function requireSignedIn(actor: Actor | null | undefined): asserts actor is Actor {
	if (!actor) throw new AppError('Unauthenticated', 'Sign in to continue.');
}

export function actorFromMembership(row: {
	userId: string;
	name: string;
	email: string;
	role: Role;
	vendorId: string | null;
	vendorName: string | null;
	sessionId?: string;
}): Actor {
	if (isVendorRole(row.role)) {
		if (!row.vendorId) throw new Error('vendor role without workshop');
		return {
			kind: 'vendor',
			userId: row.userId,
			name: row.name,
			email: row.email,
			role: row.role,
			vendorId: row.vendorId,
			vendorName: row.vendorName ?? '',
			sessionId: row.sessionId
		};
	}
	return { kind: 'staff', userId: row.userId, name: row.name, email: row.email, role: row.role, vendorId: null, sessionId: row.sessionId };
}

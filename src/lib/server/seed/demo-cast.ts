/**
 * Who is who in the demo, for the seed strands that act as people (repairs, custom orders): every
 * person by the part of their e-mail before the @ (marcus, yosef, noah …), every workshop by name.
 */
import { eq } from 'drizzle-orm';
import { actorFromMembership, type Actor, type StaffActor, type VendorActor } from '#lib/server/auth/actor.ts';
import { appUser, membership, vendor } from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';

/** A person by the part of their e-mail before the @. */
export type Who = string;

export interface Cast {
	people: Map<Who, Actor>;
	workshops: Map<string, string>;
}

export async function loadCast(): Promise<Cast> {
	return asSystem(async (tx) => {
		const rows = await tx
			.select({
				userId: appUser.id,
				name: appUser.name,
				email: appUser.email,
				role: membership.role,
				vendorId: membership.vendorId,
				vendorName: vendor.name
			})
			.from(membership)
			.innerJoin(appUser, eq(appUser.id, membership.userId))
			.leftJoin(vendor, eq(vendor.id, membership.vendorId));
		const workshops = await tx.select({ id: vendor.id, name: vendor.name }).from(vendor);
		return {
			people: new Map(rows.map((row) => [row.email.split('@')[0], actorFromMembership(row)])),
			workshops: new Map(workshops.map((w) => [w.name, w.id]))
		};
	});
}

export function staffMember(cast: Cast, who: Who): StaffActor {
	const actor = cast.people.get(who);
	if (actor?.kind !== 'staff') throw new Error(`demo seed: ${who} is not brand staff`);
	return actor;
}

export function workshopPerson(cast: Cast, who: Who): VendorActor {
	const actor = cast.people.get(who);
	if (actor?.kind !== 'vendor') throw new Error(`demo seed: ${who} does not work at a workshop`);
	return actor;
}

export function workshopId(cast: Cast, name: string): string {
	const id = cast.workshops.get(name);
	if (!id) throw new Error(`demo seed: no workshop named ${name}`);
	return id;
}

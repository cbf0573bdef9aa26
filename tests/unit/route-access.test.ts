/**
 * Every route under src/routes must declare who may open it (src/lib/route-access.ts), and the
 * declared rules must mean what they say for each kind of person.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideAccess, routeAccess, type AccessRule } from '../../src/lib/route-access.ts';

const routesDir = path.resolve('src/routes');
const routeFiles = /^\+(page\.svelte|page\.server\.ts|page\.ts|server\.ts)$/;

function enumerateRoutes(dir: string, found = new Set<string>()): Set<string> {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) enumerateRoutes(full, found);
		else if (routeFiles.test(entry.name)) {
			const relative = path.relative(routesDir, dir).split(path.sep).join('/');
			found.add(relative ? `/${relative}` : '/');
		}
	}
	return found;
}

const routes = [...enumerateRoutes(routesDir)].sort();

describe('route access table', () => {
	it('finds the routes of the app', () => {
		expect(routes.length).toBeGreaterThan(15);
		expect(routes).toContain('/(vendor)/workshop');
	});

	it.each(routes)('%s declares an access rule', (route) => {
		expect(routeAccess[route], `add "${route}" to src/lib/route-access.ts`).toBeDefined();
	});

	it('lists no route that does not exist', () => {
		expect(Object.keys(routeAccess).filter((route) => !routes.includes(route))).toEqual([]);
	});
});

describe('decideAccess', () => {
	const people = {
		anonymous: null,
		vendor_admin: { kind: 'vendor', role: 'vendor_admin' },
		vendor_member: { kind: 'vendor', role: 'vendor_member' },
		ops: { kind: 'staff', role: 'ops' },
		finance: { kind: 'staff', role: 'finance' },
		admin: { kind: 'staff', role: 'admin' }
	} as const;

	const expected: Record<AccessRule, Record<keyof typeof people, string>> = {
		public: { anonymous: 'allow', vendor_admin: 'allow', vendor_member: 'allow', ops: 'allow', finance: 'allow', admin: 'allow' },
		'signed-in': { anonymous: 'sign-in', vendor_admin: 'allow', vendor_member: 'allow', ops: 'allow', finance: 'allow', admin: 'allow' },
		vendor: {
			anonymous: 'sign-in',
			vendor_admin: 'allow',
			vendor_member: 'allow',
			ops: 'not-found',
			finance: 'not-found',
			admin: 'not-found'
		},
		staff: { anonymous: 'sign-in', vendor_admin: 'not-found', vendor_member: 'not-found', ops: 'allow', finance: 'allow', admin: 'allow' },
		admin: {
			anonymous: 'sign-in',
			vendor_admin: 'not-found',
			vendor_member: 'not-found',
			ops: 'not-found',
			finance: 'not-found',
			admin: 'allow'
		}
	};

	for (const route of routes) {
		const rule = routeAccess[route];
		if (!rule) continue;
		for (const [who, person] of Object.entries(people)) {
			it(`${route} (${rule}) for ${who}: ${expected[rule][who as keyof typeof people]}`, () => {
				expect(decideAccess(route, person)).toBe(expected[rule][who as keyof typeof people]);
			});
		}
	}

	it('closes a route that has no rule', () => {
		expect(decideAccess('/(internal)/forgotten', people.admin)).toBe('not-found');
	});

	it('vendor pages are never open to staff, internal pages never to vendors', () => {
		const vendorRoutes = routes.filter((r) => routeAccess[r] === 'vendor');
		const internalRoutes = routes.filter((r) => r.startsWith('/(internal)'));
		expect(vendorRoutes.every((r) => r.startsWith('/(vendor)'))).toBe(true);
		expect(internalRoutes.every((r) => ['staff', 'admin'].includes(routeAccess[r]))).toBe(true);
	});
});

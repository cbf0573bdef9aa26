import { eq, like, or, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createStaff, testClient, TEST_PASSWORD } from '../../../../tests/support/factories.ts';
import { signInAttempt } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { AppError } from '../errors.ts';
import { signIn } from './service.ts';
import { validateSessionToken } from './sessions.ts';
import { ACCOUNT_LIMIT, IP_LIMIT, recordAttempt, WINDOW_MINUTES } from './throttle.ts';

useTestDatabase();

const failWith = (promise: Promise<unknown>) =>
	promise.then(
		() => {
			throw new Error('expected the call to fail');
		},
		(error: unknown) => {
			expect(error).toBeInstanceOf(AppError);
			return error as AppError;
		}
	);

async function failSignIns(email: string, client: ReturnType<typeof testClient>, times: number) {
	for (let i = 0; i < times; i++) {
		const error = await failWith(signIn({ email, password: `wrong password ${i}` }, client));
		expect(error.code).toBe('Invalid');
	}
}

describe('sign-in throttling per account', () => {
	it('refuses the 6th attempt in the window even with the right password, from any address', async () => {
		expect(ACCOUNT_LIMIT).toBe(5);
		const staff = await createStaff('ops');
		const client = testClient('203.0.113.10');
		await failSignIns(staff.email, client, ACCOUNT_LIMIT);

		const locked = await failWith(signIn({ email: staff.email, password: TEST_PASSWORD }, client));
		expect(locked.code).toBe('TooManyRequests');
		expect(locked.message).toMatch(/Try again in 15 minutes/);
		// per account: another address does not help
		const elsewhere = await failWith(signIn({ email: staff.email.toUpperCase(), password: TEST_PASSWORD }, testClient('203.0.113.11')));
		expect(elsewhere.code).toBe('TooManyRequests');

		// another account from the first address is not locked
		const colleague = await createStaff('finance');
		const session = await signIn({ email: colleague.email, password: TEST_PASSWORD }, client);
		expect(await validateSessionToken(session.token)).not.toBeNull();
	});

	it('lets the account in again once the failures are older than the window', async () => {
		const staff = await createStaff('ops');
		const client = testClient('203.0.113.12');
		await failSignIns(staff.email, client, ACCOUNT_LIMIT);
		expect((await failWith(signIn({ email: staff.email, password: TEST_PASSWORD }, client))).code).toBe('TooManyRequests');

		await asSystem((tx) =>
			tx
				.update(signInAttempt)
				.set({ attemptedAt: sql`${signInAttempt.attemptedAt} - make_interval(mins => ${WINDOW_MINUTES + 1})` })
				.where(or(eq(signInAttempt.subject, `account:${staff.email}`), eq(signInAttempt.subject, 'ip:203.0.113.12')))
		);
		const session = await signIn({ email: staff.email, password: TEST_PASSWORD }, client);
		expect(session.token).toMatch(/^[a-z2-7]{32}$/);
	});

	it('counts an unknown e-mail the same way, so lockout does not reveal which accounts exist', async () => {
		const email = 'nobody-at-all@brand.test';
		const client = testClient('203.0.113.13');
		await failSignIns(email, client, ACCOUNT_LIMIT);
		const locked = await failWith(signIn({ email, password: 'anything at all' }, client));
		expect(locked.code).toBe('TooManyRequests');
	});

	it('wipes the slate on a successful sign-in', async () => {
		const staff = await createStaff('ops');
		const client = testClient('203.0.113.14');
		await failSignIns(staff.email, client, ACCOUNT_LIMIT - 1);
		await signIn({ email: staff.email, password: TEST_PASSWORD }, client);
		// four more failures: eight in the window, but only four since the success
		await failSignIns(staff.email, client, ACCOUNT_LIMIT - 1);
		await signIn({ email: staff.email, password: TEST_PASSWORD }, client);
		// and the count starts again from that success
		await failSignIns(staff.email, client, ACCOUNT_LIMIT);
		expect((await failWith(signIn({ email: staff.email, password: TEST_PASSWORD }, client))).code).toBe('TooManyRequests');
	});
});

describe('sign-in throttling per IP address', () => {
	it('locks an address after 30 failures across many accounts, and only that address', async () => {
		expect(IP_LIMIT).toBe(30);
		const ip = '203.0.113.50';
		const client = testClient(ip);
		// 29 failures recorded the way signIn records them (each on a different account, so no
		// account lock is involved), then the 30th through signIn itself
		await asSystem(async (tx) => {
			for (let i = 0; i < IP_LIMIT - 1; i++) await recordAttempt(tx, `spray-${i}@brand.test`, ip, false);
		});
		const last = await failWith(signIn({ email: `spray-${IP_LIMIT - 1}@brand.test`, password: 'Winter2027!' }, client));
		expect(last.code).toBe('Invalid');
		const staff = await createStaff('admin');
		const locked = await failWith(signIn({ email: staff.email, password: TEST_PASSWORD }, client));
		expect(locked.code).toBe('TooManyRequests');

		const session = await signIn({ email: staff.email, password: TEST_PASSWORD }, testClient('203.0.113.51'));
		expect(await validateSessionToken(session.token)).not.toBeNull();

		const rows = await asSystem((tx) => tx.select().from(signInAttempt).where(like(signInAttempt.subject, 'account:spray-%')));
		expect(rows).toHaveLength(IP_LIMIT);
	});

	it('does not count requests without an address against a shared bucket', async () => {
		const staff = await createStaff('ops');
		const noIp = testClient(null);
		await asSystem(async (tx) => {
			for (let i = 0; i < IP_LIMIT; i++) await recordAttempt(tx, `no-address-${i}@brand.test`, null, false);
		});
		await failSignIns('no-address-last@brand.test', noIp, 1);
		const session = await signIn({ email: staff.email, password: TEST_PASSWORD }, noIp);
		expect(session.id).toHaveLength(64);
	});
});

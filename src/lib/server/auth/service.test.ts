import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createStaff, TEST_PASSWORD } from '../../../../tests/support/factories.ts';
import { signIn } from './service.ts';
import { validateSessionToken } from './sessions.ts';
import { AppError } from '../errors.ts';

useTestDatabase();
const client = { ip: '198.51.100.7', userAgent: 'vitest', origin: 'http://bezel.test' };

describe('signIn', () => {
	it('signs in with the right password and the session resolves to the person', async () => {
		const staff = await createStaff('ops');
		const session = await signIn({ email: staff.email.toUpperCase(), password: TEST_PASSWORD }, client);
		const valid = await validateSessionToken(session.token);
		expect(valid?.actor).toMatchObject({ kind: 'staff', userId: staff.userId, role: 'ops' });
	});

	it('gives the same answer for a wrong password and an unknown e-mail', async () => {
		const staff = await createStaff('finance');
		const wrong = await signIn({ email: staff.email, password: 'not the password' }, client).catch((e) => e);
		const unknown = await signIn({ email: 'nobody@brand.test', password: 'not the password' }, client).catch((e) => e);
		expect(wrong).toBeInstanceOf(AppError);
		expect(unknown).toBeInstanceOf(AppError);
		expect(wrong.message).toBe(unknown.message);
		expect(wrong.code).toBe(unknown.code);
	});
});

/**
 * Failed sign-ins are counted per account and per IP address in Postgres, so the limit holds
 * across every app instance. Unknown e-mails are counted the same way as known ones.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import { signInAttempt } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';

export const WINDOW_MINUTES = 15;
export const ACCOUNT_LIMIT = 5;
export const IP_LIMIT = 30;

export const accountSubject = (email: string) => `account:${email}`;
export const ipSubject = (ip: string) => `ip:${ip}`;

/** Minutes until the subject may try again, or 0 when it may try now. */
async function lockedForMinutes(tx: Tx, subject: string, limit: number): Promise<number> {
	const [row] = await tx
		.select({
			failures: sql<number>`count(*)::int`,
			oldest: sql<string | null>`min(${signInAttempt.attemptedAt})::text`
		})
		.from(signInAttempt)
		.where(
			and(
				eq(signInAttempt.subject, subject),
				eq(signInAttempt.succeeded, false),
				gt(signInAttempt.attemptedAt, sql`now() - make_interval(mins => ${WINDOW_MINUTES})`),
				// a successful sign-in wipes the slate for that subject
				sql`${signInAttempt.attemptedAt} > coalesce((select max(s.attempted_at) from sign_in_attempt s where s.subject = ${subject} and s.succeeded), '-infinity')`
			)
		);
	if (!row || row.failures < limit || !row.oldest) return 0;
	const unlockAt = new Date(row.oldest).getTime() + WINDOW_MINUTES * 60_000;
	return Math.max(1, Math.ceil((unlockAt - Date.now()) / 60_000));
}

export async function throttleWait(tx: Tx, email: string, ip: string | null): Promise<number> {
	const account = await lockedForMinutes(tx, accountSubject(email), ACCOUNT_LIMIT);
	const address = ip ? await lockedForMinutes(tx, ipSubject(ip), IP_LIMIT) : 0;
	return Math.max(account, address);
}

export async function recordAttempt(tx: Tx, email: string, ip: string | null, succeeded: boolean): Promise<void> {
	const rows = [{ subject: accountSubject(email), succeeded }];
	// only failures count against an address: a success there must not wipe its slate, or one valid
	// account would let someone keep guessing the passwords of others from the same address
	if (ip && !succeeded) rows.push({ subject: ipSubject(ip), succeeded });
	await tx.insert(signInAttempt).values(rows);
}

/** Old attempts are worth nothing after the window; the maintenance job removes them. */
export async function pruneAttempts(tx: Tx): Promise<void> {
	await tx.delete(signInAttempt).where(sql`${signInAttempt.attemptedAt} < now() - interval '1 day'`);
}

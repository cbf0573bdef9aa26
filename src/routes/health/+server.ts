import { json } from '@sveltejs/kit';
import { databaseIsReachable } from '#lib/server/app.ts';

/** For load balancers and uptime checks: 200 when the database answers, 503 when it does not. */
export const GET = async () => {
	const database = await databaseIsReachable();
	return json(
		{ status: database ? 'ok' : 'degraded', database },
		{ status: database ? 200 : 503, headers: { 'Cache-Control': 'no-store' } }
	);
};

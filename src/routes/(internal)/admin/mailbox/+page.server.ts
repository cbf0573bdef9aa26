import { z } from 'zod';
import { listMailbox } from '#lib/server/mail/mailbox.ts';
import { requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

const querySchema = z.object({
	q: z.string().trim().max(100).catch('').default(''),
	page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1)
});

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const query = querySchema.parse(Object.fromEntries(event.url.searchParams));
	return { query, mailbox: await listMailbox(actor, query) };
};

import { readMailboxMessage } from '#lib/server/mail/mailbox.ts';
import { requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({ message: await readMailboxMessage(requireActor(event), event.params.messageId) });

import { shellData } from '#lib/server/shell.ts';
import type { LayoutServerLoad } from './$types';

// display only: access is enforced per route by the routeAccess hook and again in services
export const load: LayoutServerLoad = ({ locals }) => ({ shell: shellData(locals.actor) });

import type { Actor } from '#lib/server/auth/actor.ts';

declare global {
	namespace App {
		interface Locals {
			actor: Actor | null;
			sessionId: string | null;
		}
		interface Error {
			message: string;
			/** shown on error pages so a person can quote it to support */
			reference?: string;
		}
	}
}

export {};

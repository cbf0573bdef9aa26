/**
 * Calling route loads and form actions as SvelteKit does, without a server: the event it hands them
 * (the signed-in actor in locals, a GET or a form POST) and the form body a browser posts.
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { Actor } from '#lib/server/auth/actor.ts';

export function actionEvent(actor: Actor, path: string, body?: FormData, params: Record<string, string> = {}): RequestEvent {
	const url = new URL(path, 'http://bezel.test');
	return {
		locals: { actor },
		params,
		url,
		request: new Request(url, body ? { method: 'POST', body } : { method: 'GET' })
	} as unknown as RequestEvent;
}

/** Fields as a form posts them: a list repeats its name (checkboxes, several files). */
export function formData(fields: Record<string, string | File | (string | File)[]>): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(key, v);
	return data;
}

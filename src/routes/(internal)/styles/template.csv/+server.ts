import { styleCsvTemplate } from '#lib/domain/catalogue/import.ts';
import { requireActor } from '#lib/server/http.ts';
import type { RequestHandler } from './$types';

/** The import's header row, ready to fill in (UTF-8 with BOM so Excel keeps accents when saving). */
export const GET: RequestHandler = async (event) => {
	requireActor(event);
	return new Response(`\uFEFF${styleCsvTemplate()}\r\n`, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="bezel-styles-template.csv"',
			'Cache-Control': 'private, no-store'
		}
	});
};

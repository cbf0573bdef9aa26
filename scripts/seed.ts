/** `npm run db:seed`: seeds the demo brand into an empty database (never into one with people). */
import { readSettings } from '../src/env.ts';
import { startBezel, stopBezel } from '../src/lib/server/app.ts';
import { demoLogins, demoUserExists, seedDemoBrand } from '../src/lib/server/seed/demo-brand.ts';
import { exitOnKnownError } from './known-errors.ts';

try {
	const settings = readSettings();
	const result = await startBezel({ ...settings, SEED_DEMO: false }, { worker: false });
	void result;
	if (await demoUserExists(demoLogins()[0].email)) {
		console.log('The demo brand is already there; nothing to do.');
	} else {
		await seedDemoBrand();
		console.log('Seeded the demo brand. Logins:');
		for (const login of demoLogins()) console.log(`  ${login.role}: ${login.email} / ${login.password}`);
	}
	await stopBezel();
} catch (error) {
	exitOnKnownError(error);
}

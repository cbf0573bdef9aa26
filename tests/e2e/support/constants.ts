/** Shared by playwright.config.ts, the global setup and the tests. */
export const APP_PORT = 4173;
export const APP_ORIGIN = `http://127.0.0.1:${APP_PORT}`;

/** The global setup writes each message the SMTP server receives as one JSON file in this folder. */
export const MAIL_DIR_VARIABLE = 'BEZEL_E2E_MAIL_DIR';

export const DEMO_PASSWORD = 'aurelle-demo-2026';

/** Demo logins seeded on first start (src/lib/server/seed/demo-brand.ts). */
export const users = {
	admin: { email: 'claire@aurelle.example', name: 'Claire Dubois' },
	ops: { email: 'marcus@aurelle.example', name: 'Marcus Lee' },
	finance: { email: 'priya@aurelle.example', name: 'Priya Raman' },
	/** workshop admin of Siam Fine Casting Co., Ltd. */
	siamAdmin: { email: 'somchai@siamcasting.example', name: 'Somchai Wattana', workshop: 'Siam Fine Casting Co., Ltd.' },
	/** workshop member of Brooklyn Cast & Finish */
	brooklynMember: { email: 'luis@brooklyncast.example', name: 'Luis Ortega', workshop: 'Brooklyn Cast & Finish' }
} as const;

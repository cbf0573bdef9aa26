/**
 * The demo brand: Maison Aurelle, a New York fine-jewelry house, and the workshops that make its
 * pieces in New York, Los Angeles, Bangkok, Jaipur, Vicenza and Antwerp, with half a year of history:
 * its settings and styles (demo-catalogue.ts), some forty purchase orders in every state
 * (demo-purchase-orders.ts), customers' pieces at the repair workshops (demo-repairs.ts), clients'
 * bespoke pieces with the CAD designer (demo-custom-orders.ts), and the last two weeks of goods shipped,
 * received, inspected, invoiced and paid (demo-receiving.ts, demo-invoices.ts). Seeded into an empty
 * embedded database on first start; later features extend it.
 */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import type { VendorType } from '#lib/domain/vendors/reference.ts';
import { vendorProfileSchema } from '#lib/domain/vendors/schemas.ts';
import { appUser, membership } from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import type { Actor } from '#lib/server/auth/actor.ts';
import { hashPassword } from '#lib/server/auth/passwords.ts';
import { addVendorContact, createVendor, setVendorLogo, uploadVendorDocument } from '#lib/server/vendors/service.ts';
import { invitePerson } from '#lib/server/people/service.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { seedBrandSettings, seedStyles } from './demo-catalogue.ts';
import { seedDemoPurchaseOrders } from './demo-purchase-orders.ts';
import { seedDemoCustomOrders } from './demo-custom-orders.ts';
import { seedDemoReceiving } from './demo-receiving.ts';
import { seedDemoRepairs } from './demo-repairs.ts';
import { atMoment, realNow, resetSeedClock } from './seed-clock.ts';

export const DEMO_PASSWORD = 'aurelle-demo-2026';

const staff = [
	{ name: 'Claire Dubois', email: 'claire@aurelle.example', role: 'admin' as const },
	{ name: 'Marcus Lee', email: 'marcus@aurelle.example', role: 'ops' as const },
	{ name: 'Sofia Marin', email: 'sofia@aurelle.example', role: 'ops' as const },
	{ name: 'Priya Raman', email: 'priya@aurelle.example', role: 'finance' as const }
];

interface DemoWorkshop {
	name: string;
	types: VendorType[];
	status: 'onboarding' | 'active' | 'on_hold' | 'inactive';
	country: string;
	city: string;
	currency: string;
	address: string;
	postalCode: string;
	taxId: string;
	phone: string;
	insurance: string;
	people: { name: string; email: string; role: 'vendor_admin' | 'vendor_member' }[];
	/** days from today the insurance certificate expires; null = no certificate on file */
	insuranceExpiresInDays: number | null;
	colour: string;
	/** days before today the brand added the workshop to Bezel (before the catalogue and the first PO) */
	addedDaysAgo: number;
	invite?: { name: string; email: string };
}

const workshops: DemoWorkshop[] = [
	{
		name: 'Brooklyn Cast & Finish',
		types: ['caster', 'polisher'],
		status: 'active',
		country: 'US',
		city: 'New York',
		currency: 'USD',
		address: '214 Bogart St',
		postalCode: '11206',
		taxId: '47-2918364',
		phone: '+1 718 555 0142',
		insurance: '750000',
		insuranceExpiresInDays: 210,
		colour: '#6b4f1d',
		addedDaysAgo: 209,
		people: [
			{ name: 'Dana Kowalski', email: 'dana@brooklyncast.example', role: 'vendor_admin' },
			{ name: 'Luis Ortega', email: 'luis@brooklyncast.example', role: 'vendor_member' },
			{ name: 'Amira Haddad', email: 'amira@brooklyncast.example', role: 'vendor_member' }
		]
	},
	{
		name: 'Canal Street Setting Co.',
		types: ['stone_setter'],
		status: 'active',
		country: 'US',
		city: 'New York',
		currency: 'USD',
		address: '62 W 47th St, Suite 1204',
		postalCode: '10036',
		taxId: '13-4481920',
		phone: '+1 212 555 0190',
		insurance: '1500000',
		insuranceExpiresInDays: 12,
		colour: '#1f3a5f',
		addedDaysAgo: 208,
		people: [
			{ name: 'Arman Petrosyan', email: 'arman@canalsetting.example', role: 'vendor_admin' },
			{ name: 'Grace Chen', email: 'grace@canalsetting.example', role: 'vendor_member' }
		]
	},
	{
		name: '47th Street Repair Bench',
		types: ['repair_jeweler', 'engraver'],
		status: 'active',
		country: 'US',
		city: 'New York',
		currency: 'USD',
		address: '30 W 47th St, Booth 18',
		postalCode: '10036',
		taxId: '26-1188402',
		phone: '+1 212 555 0117',
		insurance: '400000',
		insuranceExpiresInDays: 95,
		colour: '#3f3f46',
		addedDaysAgo: 203,
		people: [
			{ name: 'Yosef Adler', email: 'yosef@47threpair.example', role: 'vendor_admin' },
			{ name: 'Mei Tanaka', email: 'mei@47threpair.example', role: 'vendor_member' }
		]
	},
	{
		name: 'Pacific Rhodium Works',
		types: ['plater', 'polisher'],
		status: 'active',
		country: 'US',
		city: 'Los Angeles',
		currency: 'USD',
		address: '650 S Hill St, Suite 410',
		postalCode: '90014',
		taxId: '95-3301187',
		phone: '+1 213 555 0166',
		insurance: '300000',
		insuranceExpiresInDays: -20,
		colour: '#475569',
		addedDaysAgo: 201,
		people: [
			{ name: 'Hovik Sarkisian', email: 'hovik@pacificrhodium.example', role: 'vendor_admin' },
			{ name: 'Elena Ruiz', email: 'elena@pacificrhodium.example', role: 'vendor_member' }
		]
	},
	{
		name: 'Silver Lake CAD Studio',
		types: ['cad_designer', 'model_maker'],
		status: 'active',
		country: 'US',
		city: 'Los Angeles',
		currency: 'USD',
		address: '3200 Sunset Blvd',
		postalCode: '90026',
		taxId: '82-5529013',
		phone: '+1 323 555 0128',
		insurance: '100000',
		insuranceExpiresInDays: 300,
		colour: '#0f766e',
		addedDaysAgo: 195,
		people: [
			{ name: 'Noah Feldman', email: 'noah@silverlakecad.example', role: 'vendor_admin' },
			{ name: 'Iris Park', email: 'iris@silverlakecad.example', role: 'vendor_member' }
		]
	},
	{
		name: 'Siam Fine Casting Co., Ltd.',
		types: ['caster', 'stone_setter', 'polisher'],
		status: 'active',
		country: 'TH',
		city: 'Bangkok',
		currency: 'THB',
		address: '919/1 Silom Road, Jewelry Trade Center, 12th floor',
		postalCode: '10500',
		taxId: '0105548012345',
		phone: '+66 2 555 0150',
		insurance: '25000000',
		insuranceExpiresInDays: 160,
		colour: '#7c2d12',
		addedDaysAgo: 206,
		people: [
			{ name: 'Somchai Wattana', email: 'somchai@siamcasting.example', role: 'vendor_admin' },
			{ name: 'Nok Suriya', email: 'nok@siamcasting.example', role: 'vendor_member' },
			{ name: 'Anan Chaiyaporn', email: 'anan@siamcasting.example', role: 'vendor_member' }
		],
		invite: { name: 'Kanya Srisuk', email: 'kanya@siamcasting.example' }
	},
	{
		name: 'Chao Phraya Gem Setting',
		types: ['stone_setter'],
		status: 'onboarding',
		country: 'TH',
		city: 'Bangkok',
		currency: 'THB',
		address: '88 Mahesak Road',
		postalCode: '10500',
		taxId: '0105561098765',
		phone: '+66 2 555 0177',
		insurance: '12000000',
		insuranceExpiresInDays: null,
		colour: '#155e75',
		addedDaysAgo: 188,
		people: [
			{ name: 'Pim Rattanakorn', email: 'pim@chaophrayagem.example', role: 'vendor_admin' },
			{ name: 'Wichai Boonmee', email: 'wichai@chaophrayagem.example', role: 'vendor_member' }
		]
	},
	{
		name: 'Jaipur Kundan Atelier',
		types: ['stone_setter', 'engraver'],
		status: 'active',
		country: 'IN',
		city: 'Jaipur',
		currency: 'INR',
		address: 'Plot 14, Sitapura Industrial Area',
		postalCode: '302022',
		taxId: '08AABCJ1234K1Z5',
		phone: '+91 141 555 0133',
		insurance: '60000000',
		insuranceExpiresInDays: 45,
		colour: '#9d174d',
		addedDaysAgo: 199,
		people: [
			{ name: 'Rohan Mehta', email: 'rohan@jaipurkundan.example', role: 'vendor_admin' },
			{ name: 'Kavya Sharma', email: 'kavya@jaipurkundan.example', role: 'vendor_member' }
		]
	},
	{
		name: 'Pink City Polishing Works',
		types: ['polisher', 'plater'],
		status: 'on_hold',
		country: 'IN',
		city: 'Jaipur',
		currency: 'INR',
		address: '22 Johari Bazaar',
		postalCode: '302003',
		taxId: '08AAFCP5678M1Z2',
		phone: '+91 141 555 0188',
		insurance: '15000000',
		insuranceExpiresInDays: 5,
		colour: '#be185d',
		addedDaysAgo: 191,
		people: [
			{ name: 'Vikram Singh', email: 'vikram@pinkcitypolish.example', role: 'vendor_admin' },
			{ name: 'Anjali Gupta', email: 'anjali@pinkcitypolish.example', role: 'vendor_member' }
		]
	},
	{
		name: 'Laboratorio Orafo Vicentino',
		types: ['caster', 'polisher', 'model_maker'],
		status: 'active',
		country: 'IT',
		city: 'Vicenza',
		currency: 'EUR',
		address: 'Via dell’Oreficeria 34',
		postalCode: '36100',
		taxId: 'IT03456780241',
		phone: '+39 0444 555 021',
		insurance: '900000',
		insuranceExpiresInDays: 240,
		colour: '#854d0e',
		addedDaysAgo: 205,
		people: [
			{ name: 'Giulia Rossi', email: 'giulia@orafovicentino.example', role: 'vendor_admin' },
			{ name: 'Marco Bianchi', email: 'marco@orafovicentino.example', role: 'vendor_member' },
			{ name: 'Chiara Conti', email: 'chiara@orafovicentino.example', role: 'vendor_member' }
		]
	},
	{
		name: 'Incisioni Berica',
		types: ['engraver'],
		status: 'inactive',
		country: 'IT',
		city: 'Vicenza',
		currency: 'EUR',
		address: 'Contrà Porti 11',
		postalCode: '36100',
		taxId: 'IT02984510247',
		phone: '+39 0444 555 087',
		insurance: '150000',
		insuranceExpiresInDays: -200,
		colour: '#57534e',
		addedDaysAgo: 193,
		people: [
			{ name: 'Paolo Ferrari', email: 'paolo@incisioniberica.example', role: 'vendor_admin' },
			{ name: 'Sara Gallo', email: 'sara@incisioniberica.example', role: 'vendor_member' }
		]
	},
	{
		name: 'Diamant Atelier Antwerpen',
		types: ['stone_setter', 'repair_jeweler'],
		status: 'active',
		country: 'BE',
		city: 'Antwerp',
		currency: 'EUR',
		address: 'Hoveniersstraat 22',
		postalCode: '2018',
		taxId: 'BE0456789123',
		phone: '+32 3 555 0144',
		insurance: '2500000',
		insuranceExpiresInDays: 120,
		colour: '#1e3a8a',
		addedDaysAgo: 197,
		people: [
			{ name: 'Pieter Janssens', email: 'pieter@diamantatelier.example', role: 'vendor_admin' },
			{ name: 'Noor Vermeulen', email: 'noor@diamantatelier.example', role: 'vendor_member' }
		],
		invite: { name: 'Lotte Peeters', email: 'lotte@diamantatelier.example' }
	}
];

export function demoLogins(): { role: string; email: string; password: string }[] {
	return [
		{ role: 'Administrator', email: staff[0].email, password: DEMO_PASSWORD },
		{ role: 'Operations', email: staff[1].email, password: DEMO_PASSWORD },
		{ role: 'Finance', email: staff[3].email, password: DEMO_PASSWORD },
		{ role: 'Workshop admin (Siam Fine Casting, Bangkok)', email: 'somchai@siamcasting.example', password: DEMO_PASSWORD },
		{ role: 'Workshop member (Brooklyn Cast & Finish)', email: 'luis@brooklyncast.example', password: DEMO_PASSWORD },
		{ role: 'Repair jeweler (47th Street Repair Bench)', email: 'yosef@47threpair.example', password: DEMO_PASSWORD },
		{ role: 'CAD designer (Silver Lake CAD Studio)', email: 'noah@silverlakecad.example', password: DEMO_PASSWORD }
	];
}

async function certificatePdf(workshop: string, expiresOn: string): Promise<Uint8Array> {
	const pdf = await PDFDocument.create();
	const page = pdf.addPage([595, 842]);
	const font = await pdf.embedFont(StandardFonts.Helvetica);
	const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
	page.drawText('Certificate of Insurance — Jewelers Block', { x: 56, y: 760, size: 18, font: bold, color: rgb(0.1, 0.1, 0.1) });
	const lines = [
		`Insured: ${workshop}`,
		'Coverage: goods of others in care, custody and control; transit',
		`Valid until: ${expiresOn}`,
		'Demo document generated by Bezel — not a real policy.'
	];
	lines.forEach((line, i) => page.drawText(line.replace(/[^\x20-\x7e]/g, "'"), { x: 56, y: 720 - i * 22, size: 12, font }));
	return pdf.save();
}

async function logoPng(colour: string): Promise<Uint8Array> {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" rx="48" fill="${colour}"/><circle cx="128" cy="128" r="64" fill="none" stroke="#f5f0e6" stroke-width="14"/><circle cx="128" cy="64" r="18" fill="#f5f0e6"/></svg>`;
	return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

const fileLike = (name: string, bytes: Uint8Array) => ({
	name,
	size: bytes.byteLength,
	arrayBuffer: async () => bytes.slice().buffer as ArrayBuffer
});

/** The brand started with Bezel this long ago; its workshops joined in the weeks after. */
const BRAND_JOINED_DAYS_AGO = 210;
/** The styles catalogue was filled in once every workshop was there, before the first PO. */
const CATALOGUE_DAYS_AGO = 186;
const DAY = 86_400_000;

export async function seedDemoBrand(
	options: { logos?: boolean; purchaseOrders?: boolean; repairs?: boolean; customOrders?: boolean; receiving?: boolean } = {}
): Promise<void> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const origin = getPlatform().origin;
	// The brand has a history: people and workshops joined months ago, POs came and went. Embedded
	// PostgreSQL follows the seed's clock (seed-clock.ts); a server's does not, so there it is all today.
	// The clock only moves forward from the first moment on, oldest first, like the history itself.
	const travel = getPlatform().embedded;
	const today = realNow();
	resetSeedClock();
	const daysAgo = <T>(days: number, work: () => Promise<T>) => (travel ? atMoment(today - days * DAY, work) : work());

	const staffIds = await daysAgo(BRAND_JOINED_DAYS_AGO, () =>
		asSystem(async (tx) => {
			await seedBrandSettings(tx);
			const ids: string[] = [];
			for (const person of staff) {
				const [user] = await tx
					.insert(appUser)
					.values({ name: person.name, email: person.email, passwordHash, passwordChangedAt: new Date() })
					.returning({ id: appUser.id });
				await tx.insert(membership).values({ userId: user.id, vendorId: null, role: person.role });
				ids.push(user.id);
			}
			return ids;
		})
	);
	const ops: Actor = { kind: 'staff', userId: staffIds[1], name: staff[1].name, email: staff[1].email, role: 'ops', vendorId: null };

	const joined = new Map<DemoWorkshop, { vendorId: string; adminId: string }>();
	for (const w of [...workshops].sort((a, b) => b.addedDaysAgo - a.addedDaysAgo)) {
		const profile = vendorProfileSchema.parse({
			name: w.name,
			types: w.types,
			status: w.status,
			country: w.country,
			city: w.city,
			currency: w.currency,
			addressLine1: w.address,
			postalCode: w.postalCode,
			taxId: w.taxId,
			phone: w.phone,
			email: w.people[0].email,
			insuranceLimit: w.insurance
		});
		const ids = await daysAgo(w.addedDaysAgo, async () => {
			const { vendorId } = await createVendor(ops, profile);
			await addVendorContact(ops, vendorId, {
				name: w.people[0].name,
				title: 'Owner',
				email: w.people[0].email,
				phone: w.phone,
				isPrimary: true
			});
			const adminId = await asSystem(async (tx) => {
				let first = '';
				for (const person of w.people) {
					const [user] = await tx
						.insert(appUser)
						.values({ name: person.name, email: person.email, passwordHash, passwordChangedAt: new Date() })
						.returning({ id: appUser.id });
					await tx.insert(membership).values({ userId: user.id, vendorId, role: person.role });
					first ||= user.id;
				}
				return first;
			});
			return { vendorId, adminId };
		});
		joined.set(w, ids);
	}

	if (options.purchaseOrders ?? true) {
		// the catalogue a PO line is picked from, then months of purchase orders up to today
		const styleIds = await daysAgo(CATALOGUE_DAYS_AGO, () => asSystem((tx) => seedStyles(tx)));
		await seedDemoPurchaseOrders(styleIds, { travel });
	}
	// customers' pieces at the repair workshops over the last three months, up to today
	if (options.repairs ?? true) await seedDemoRepairs({ travel });
	// clients' bespoke pieces over the last two months: briefs, design versions, deposits, production POs
	if (options.customOrders ?? true) await seedDemoCustomOrders({ travel });
	// goods in over the last two weeks: shipments, receipts, QC, invoices, credit notes and payments
	// (on purchase orders of the first strand, so only with them)
	if ((options.receiving ?? true) && (options.purchaseOrders ?? true)) await seedDemoReceiving({ travel });

	// today: current documents (their expiry dates count from today), logos and waiting invitations
	for (const w of workshops) {
		const { vendorId, adminId } = joined.get(w)!;
		const vendorAdmin: Actor = {
			kind: 'vendor',
			userId: adminId,
			name: w.people[0].name,
			email: w.people[0].email,
			role: 'vendor_admin',
			vendorId,
			vendorName: w.name
		};
		if (w.insuranceExpiresInDays !== null) {
			const expiresOn = new Date(Date.now() + w.insuranceExpiresInDays * 86_400_000).toISOString().slice(0, 10);
			await uploadVendorDocument(
				vendorAdmin,
				vendorId,
				{ kind: 'insurance_certificate', title: 'Jewelers block insurance', expiresOn },
				fileLike('insurance-certificate.pdf', await certificatePdf(w.name, expiresOn))
			);
		}
		if (options.logos ?? true) await setVendorLogo(ops, vendorId, fileLike('logo.png', await logoPng(w.colour)));
		if (w.invite)
			await invitePerson(vendorAdmin, { vendorId, name: w.invite.name, email: w.invite.email, role: 'vendor_member' }, { origin });
	}
	// a waiting invitation for a new internal colleague, so the admin's people page has one
	const admin: Actor = { kind: 'staff', userId: staffIds[0], name: staff[0].name, email: staff[0].email, role: 'admin', vendorId: null };
	await invitePerson(admin, { vendorId: null, name: 'Tomás Herrera', email: 'tomas@aurelle.example', role: 'ops' }, { origin });
}

export async function demoUserExists(email: string): Promise<boolean> {
	const rows = await asSystem((tx) => tx.select({ id: appUser.id }).from(appUser).where(eq(appUser.email, email)).limit(1));
	return rows.length > 0;
}

/**
 * The bench's data set: its own database on a PostgreSQL server, migrated like production and filled
 * with set-based SQL (generate_series), so 10,000 users take seconds rather than minutes.
 *
 * Everything is deterministic: ids are md5-derived UUIDs and every "random" choice is arithmetic on
 * the row number, so two runs measure the same data. Rows are inserted as the connecting superuser,
 * which bypasses row-level security; the app under test connects the same way and switches role itself.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/client.ts';
import { migrateDatabase } from '../../src/lib/server/db/migrate.ts';
import { hashPassword } from '../../src/lib/server/auth/passwords.ts';
import { BenchOptionError, databaseUrl } from './options.ts';
import { insertProductionJobs, type ProductionReport } from './production.ts';
import { BENCH_PO_WORKSHOP, benchWorkshopId, insertPurchaseOrders, storeScenarioPdfs } from './purchase-orders.ts';
import { BENCH_REPAIR_WORKSHOP, insertRepairs, type RepairReport } from './repairs.ts';
import { insertInvoices, type InvoiceReport } from './invoices.ts';

export const BENCH_PASSWORD = 'bench-password-2026';
export const EMAIL_DOMAIN = 'bench.bezel.test';

export interface DatasetSize {
	workshops: number;
	users: number;
	/** purchase orders (about five lines each); 0 = none */
	purchaseOrders: number;
	/** open production jobs (7–8 milestones each) on the acknowledged PO lines; 0 = none */
	jobs: number;
	/** repair jobs at the repair workshops; 0 = none */
	repairs: number;
	/** vendor invoices on the closed POs' lines (invoices.ts); 0 = none */
	invoices?: number;
	/** the bench server's file store, where the scenario POs' stored PDFs go */
	filesRoot?: string;
}

export interface DatasetCounts {
	vendorUsers: number;
	staffUsers: number;
	contactsPerWorkshop: number;
	documentsPerWorkshop: number;
	auditEventsPerWorkshop: number;
}

export interface Accounts {
	/** vendor_admin / vendor_member users of active workshops, each from a different workshop */
	vendor: string[];
	/** internal users with role ops */
	ops: string[];
	/** people of the workshop that owns the scenario POs (purchase-orders.ts) */
	poVendor: string[];
	/** people of the workshop with the scenario repairs (repairs.ts) */
	repairVendor: string[];
	/** internal users with role finance */
	finance: string[];
	/** a mix of vendor and internal users for the sign-in scenario */
	signIn: string[];
}

export interface DatasetReport {
	seconds: {
		create: number;
		migrate: number;
		hash: number;
		insert: number;
		purchaseOrders: number;
		production: number;
		repairs: number;
		invoices: number;
		analyze: number;
		total: number;
	};
	rows: Record<string, number>;
	/** null when the data set has no production jobs */
	production: ProductionReport | null;
	/** null when the data set has no repairs */
	repairs: RepairReport | null;
	/** null when the data set has no invoices */
	invoices: InvoiceReport | null;
}

/** The server's version, or an error that says the server cannot be reached (before a long build, not after). */
export async function postgresVersion(server: string): Promise<string> {
	const admin = await openDatabase({ kind: 'postgres', url: databaseUrl(server, 'postgres'), poolMax: 1 });
	try {
		const rows = (await admin.db.execute(sql`show server_version`)) as unknown as { server_version: string }[];
		return rows[0]?.server_version ?? 'unknown';
	} catch (error) {
		const cause = (error as Error & { cause?: Error }).cause ?? (error as Error);
		const where = new URL(server);
		throw new BenchOptionError(
			`Cannot use the PostgreSQL server at ${where.host} as ${where.username || 'the default user'}: ${cause.message}. Check that it runs and accepts this user, or pass --server.`
		);
	} finally {
		await admin.close();
	}
}

export interface BenchLock {
	release(): Promise<void>;
}

/**
 * A session advisory lock on the server, held for the whole run: a second bench on the same database
 * stops with a sentence instead of dropping the first one's database under it.
 */
export async function lockBench(server: string, database: string): Promise<BenchLock> {
	const admin = await openDatabase({ kind: 'postgres', url: databaseUrl(server, 'postgres'), poolMax: 1 });
	const key = `bezel-bench:${database}`;
	const rows = (await admin.db.execute(sql`select pg_try_advisory_lock(hashtext(${key})) as locked`)) as unknown as { locked: boolean }[];
	if (!rows[0]?.locked) {
		await admin.close();
		throw new BenchOptionError(
			`Another benchmark is running on database ${database} of this server. Wait for it to finish (two runs on one machine skew each other's figures), or pass --database to use another name.`
		);
	}
	return {
		// closing the session releases the lock
		release: () => admin.close().catch(() => {})
	};
}

/** Drops (WITH FORCE) and re-creates the bench database, through the server's `postgres` database. */
export async function recreateDatabase(server: string, database: string): Promise<void> {
	const admin = await openDatabase({ kind: 'postgres', url: databaseUrl(server, 'postgres'), poolMax: 1 });
	try {
		await admin.db.execute(sql.raw(`drop database if exists "${database}" with (force)`));
		await admin.db.execute(sql.raw(`create database "${database}"`));
	} finally {
		await admin.close();
	}
}

export async function dropDatabase(server: string, database: string): Promise<void> {
	const admin = await openDatabase({ kind: 'postgres', url: databaseUrl(server, 'postgres'), poolMax: 1 });
	try {
		await admin.db.execute(sql.raw(`drop database if exists "${database}" with (force)`));
	} finally {
		await admin.close();
	}
}

export function datasetCounts(size: DatasetSize): DatasetCounts {
	// 90 % vendor users, 10 % brand staff, as in the issue (9,000 + 1,000 of 10,000)
	const staffUsers = Math.max(3, Math.round(size.users / 10));
	return {
		vendorUsers: size.users - staffUsers,
		staffUsers,
		contactsPerWorkshop: 2,
		documentsPerWorkshop: 3,
		auditEventsPerWorkshop: 20
	};
}

/** seconds between two performance.now() readings, to 10 ms */
const span = (from: number, to: number) => Math.round((to - from) / 10) / 100;

/** Creates, migrates and fills the database; returns timings and row counts. */
export async function buildDataset(server: string, database: string, size: DatasetSize): Promise<DatasetReport> {
	const started = performance.now();
	await recreateDatabase(server, database);
	const created = performance.now();

	const handle = await openDatabase({ kind: 'postgres', url: databaseUrl(server, database), poolMax: 1 });
	try {
		await migrateDatabase(handle);
		const migrated = performance.now();
		// one argon2id hash for everyone: hashing 10,000 passwords would take minutes and prove nothing
		const passwordHash = await hashPassword(BENCH_PASSWORD);
		const hashed = performance.now();
		const counts = datasetCounts(size);
		await insertRows(handle, size, counts, passwordHash);
		const inserted = performance.now();
		await insertPurchaseOrders(handle, {
			purchaseOrders: size.purchaseOrders,
			workshops: size.workshops,
			vendorUsers: counts.vendorUsers,
			staffUsers: counts.staffUsers
		});
		if (size.purchaseOrders > 0 && size.filesRoot) await storeScenarioPdfs(handle, size.filesRoot);
		const ordered = performance.now();
		// after the PDFs: storing them empties the file store, and the job page's photos go there too
		const production = size.purchaseOrders > 0 ? await insertProductionJobs(handle, { jobs: size.jobs, filesRoot: size.filesRoot }) : null;
		const produced = performance.now();
		const repairs = await insertRepairs(handle, { repairs: size.repairs, workshops: size.workshops, filesRoot: size.filesRoot });
		const repaired = performance.now();
		const invoices =
			size.purchaseOrders > 0
				? await insertInvoices(handle, { invoices: size.invoices ?? 0, vendorUsers: counts.vendorUsers, staffUsers: counts.staffUsers })
				: null;
		const invoiced = performance.now();
		// the loaders insert with triggers off: the status counters are counted once, here
		await handle.db.execute(sql`select bezel_status_recount('vendor_invoice'), bezel_status_recount('purchase_order')`);
		await handle.db.execute(sql`vacuum (analyze)`);
		const analyzed = performance.now();
		const rows = await countRows(handle);
		return {
			seconds: {
				create: span(started, created),
				migrate: span(created, migrated),
				hash: span(migrated, hashed),
				insert: span(hashed, inserted),
				purchaseOrders: span(inserted, ordered),
				production: span(ordered, produced),
				repairs: span(produced, repaired),
				invoices: span(repaired, invoiced),
				analyze: span(invoiced, analyzed),
				total: span(started, analyzed)
			},
			rows,
			production,
			repairs,
			invoices
		};
	} finally {
		await handle.close();
	}
}

async function insertRows(handle: DatabaseHandle, size: DatasetSize, counts: DatasetCounts, passwordHash: string): Promise<void> {
	const { db } = handle;
	const W = size.workshops;
	const N = size.users;
	const V = counts.vendorUsers;

	// Workshops. 12 locations (US, TH, IN, IT, BE) with the currency of each; 1 in 20 inactive,
	// 1 in 20 on hold, 1 in 10 onboarding, the rest active. Names are ASCII with single spaces, so
	// lower(name) is exactly the folded name_key the app computes.
	await db.execute(sql`
		with location(slot, country, city, currency, region) as (
			values (0, 'US', 'New York', 'USD', 'NY'), (1, 'TH', 'Bangkok', 'THB', null), (2, 'IN', 'Jaipur', 'INR', 'RJ'),
			       (3, 'IT', 'Vicenza', 'EUR', 'VI'), (4, 'BE', 'Antwerp', 'EUR', null), (5, 'US', 'Providence', 'USD', 'RI'),
			       (6, 'IN', 'Surat', 'INR', 'GJ'), (7, 'IT', 'Arezzo', 'EUR', 'AR'), (8, 'TH', 'Chanthaburi', 'THB', null),
			       (9, 'US', 'Los Angeles', 'USD', 'CA'), (10, 'IN', 'Mumbai', 'INR', 'MH'), (11, 'IT', 'Valenza', 'EUR', 'AL')
		),
		numbered as (
			select i,
				(array['Aurora','Lotus','Meridian','Saffron','Orchid','Cobalt','Juniper','Sterling','Marigold','Onyx',
				       'Garnet','Willow','Halcyon','Indigo','Corsair','Tamarind','Ember','Solstice','Vesper','Larkspur'])[1 + i % 20]
				|| ' ' ||
				(array['Casting','Setting','Atelier','Studio','Works','Goldsmiths','Polishing','Plating','Engraving','Models'])[1 + (i / 20) % 10]
				|| ' ' || lpad(i::text, 5, '0') as name,
				(array['caster','stone_setter','cad_designer','model_maker','polisher','plater','engraver','repair_jeweler'])[1 + i % 8] as type1,
				(array['caster','stone_setter','cad_designer','model_maker','polisher','plater','engraver','repair_jeweler'])[1 + (i + 3) % 8] as type2
			from generate_series(1, ${W}::int) as i
		)
		insert into vendor (id, name, name_key, types, status, country, city, region, currency, address_line1, postal_code,
			email, phone, website, insurance_limit_minor, notes, created_at, updated_at)
		select md5('bench-vendor-' || n.i)::uuid, n.name, lower(n.name),
			case when n.i % 3 = 0 then array[n.type1, n.type2] else array[n.type1] end,
			case when n.i % 20 = 0 then 'inactive' when n.i % 20 = 1 then 'on_hold' when n.i % 10 = 2 then 'onboarding' else 'active' end,
			l.country, l.city, l.region, l.currency,
			(10 + n.i % 190) || ' Bench Street', lpad((10000 + n.i % 89999)::text, 5, '0'),
			'workshop' || n.i || '@${sql.raw(EMAIL_DOMAIN)}', '+1 555 ' || lpad((n.i % 10000)::text, 4, '0'),
			'https://workshop' || n.i || '.example.com', (50000 + (n.i % 50) * 10000) * 100,
			case when n.i % 4 = 0 then 'Synthetic workshop for the benchmark.' end,
			now() - n.i * interval '7 hours', now() - n.i * interval '3 hours'
		from numbered n join location l on l.slot = n.i % 12
	`);

	// People: users 1..V belong to workshops round-robin (user u → workshop (u-1) % W + 1; the first
	// W users are the workshop admins), users V+1..N are brand staff.
	const firstNames = sql.raw(
		`array['Ana','Bao','Chiara','Dev','Elif','Farah','Giulia','Hiro','Isha','Jonas','Kanya','Luca','Mei','Nikhil','Olga','Priya','Quinn','Ravi','Sofia','Tariq','Uma','Vikram','Wen','Yara','Zoe']`
	);
	const lastNames = sql.raw(
		`array['Achterberg','Bianchi','Chaiyaporn','Desai','Esposito','Fontaine','Gupta','Hoang','Iyer','Janssens','Kittisak','Lombardi','Mehta','Nguyen','Okafor','Peeters','Rossi','Srisuk','Tanaka','Verbeke']`
	);
	await db.execute(sql`
		insert into app_user (id, email, name, phone, password_hash, status, created_at, password_changed_at, last_sign_in_at)
		select md5('bench-user-' || u)::uuid,
			case when u <= ${V}::int
				then 'w' || lpad(((u - 1) % ${W}::int + 1)::text, 5, '0') || '.u' || ((u - 1) / ${W}::int + 1) || '@${sql.raw(EMAIL_DOMAIN)}'
				else 'staff' || lpad((u - ${V}::int)::text, 5, '0') || '@${sql.raw(EMAIL_DOMAIN)}'
			end,
			(${firstNames})[1 + u % 25] || ' ' || (${lastNames})[1 + (u / 25) % 20],
			case when u % 3 = 0 then '+66 2 555 ' || lpad((u % 10000)::text, 4, '0') end,
			${passwordHash}, 'active',
			now() - (u % 400) * interval '1 day', now() - (u % 400) * interval '1 day',
			case when u % 5 <> 0 then now() - (u % 30) * interval '1 day' end
		from generate_series(1, ${N}::int) as u
	`);
	await db.execute(sql`
		insert into membership (user_id, vendor_id, role, created_at)
		select md5('bench-user-' || u)::uuid,
			case when u <= ${V}::int then md5('bench-vendor-' || ((u - 1) % ${W}::int + 1))::uuid end,
			case when u <= ${V}::int
				then case when u <= ${W}::int then 'vendor_admin' else 'vendor_member' end
				else (array['admin','ops','ops','finance','ops'])[1 + (u - ${V}::int - 1) % 5]
			end,
			now() - (u % 400) * interval '1 day'
		from generate_series(1, ${N}::int) as u
	`);
	// one older session per person, so the session table has a realistic size
	await db.execute(sql`
		insert into user_session (id, user_id, expires_at, created_at, last_seen_at, user_agent, ip_address)
		select encode(sha256(convert_to('bench-session-' || u, 'UTF8')), 'hex'), md5('bench-user-' || u)::uuid,
			now() + (5 + u % 25) * interval '1 day', now() - (u % 25) * interval '1 day', now() - (u % 48) * interval '1 hour',
			'Mozilla/5.0 (bench)', '10.0.' || (u / 250 % 250) || '.' || (u % 250)
		from generate_series(1, ${N}::int) as u
	`);
	// a pending invitation at every fourth workshop
	await db.execute(sql`
		insert into invitation (vendor_id, email, name, role, token_hash, invited_by, created_at, sent_at, expires_at)
		select md5('bench-vendor-' || i)::uuid, 'invitee' || i || '@${sql.raw(EMAIL_DOMAIN)}', 'Invitee ' || i, 'vendor_member',
			encode(sha256(convert_to('bench-invitation-' || i, 'UTF8')), 'hex'),
			case when i <= ${V}::int then md5('bench-user-' || i)::uuid end,
			now() - interval '1 day', now() - interval '1 day', now() + interval '6 days'
		from generate_series(4, ${W}::int, 4) as i
	`);

	// Contacts: a primary and a second one per workshop.
	await db.execute(sql`
		insert into vendor_contact (vendor_id, name, title, email, phone, is_primary)
		select md5('bench-vendor-' || i)::uuid,
			(${firstNames})[1 + (i + k) % 25] || ' ' || (${lastNames})[1 + (i * 7 + k) % 20],
			case when k = 1 then 'Owner' else 'Production manager' end,
			'contact' || k || '.w' || i || '@${sql.raw(EMAIL_DOMAIN)}', '+1 555 01' || lpad(((i + k) % 100)::text, 2, '0'),
			k = 1
		from generate_series(1, ${W}::int) as i, generate_series(1, ${counts.contactsPerWorkshop}::int) as k
	`);

	// Documents: insurance certificate (1 in 10 expired, 1 in 10 expiring within 30 days), business
	// licence (no expiry), tax form — each with its stored_file row.
	await db.execute(sql`
		insert into stored_file (id, vendor_id, key, purpose, content_type, byte_size, original_name, sha256, created_by, created_at)
		select md5('bench-file-' || i || '-' || k)::uuid, md5('bench-vendor-' || i)::uuid,
			'vendors/' || md5('bench-vendor-' || i)::uuid || '/documents/' || md5('bench-file-' || i || '-' || k)::uuid,
			'documents', 'application/pdf', 40000 + (i * k) % 900000,
			(array['insurance-certificate.pdf','business-licence.pdf','w8ben.pdf'])[k],
			encode(sha256(convert_to('bench-file-' || i || '-' || k, 'UTF8')), 'hex'),
			case when i <= ${V}::int then md5('bench-user-' || i)::uuid end,
			now() - (i % 300) * interval '1 day'
		from generate_series(1, ${W}::int) as i, generate_series(1, ${counts.documentsPerWorkshop}::int) as k
	`);
	await db.execute(sql`
		insert into vendor_document (vendor_id, kind, title, file_id, expires_on, uploaded_by, created_at)
		select md5('bench-vendor-' || i)::uuid,
			(array['insurance_certificate','business_license','tax_form'])[1 + (k - 1) % 3],
			(array['Insurance certificate','Business licence','Tax form W-8BEN'])[1 + (k - 1) % 3] || ' ' || (2026 - i % 3),
			md5('bench-file-' || i || '-' || k)::uuid,
			case (k - 1) % 3
				when 0 then current_date + case when i % 10 = 0 then -10 when i % 10 = 1 then 15 else 120 + i % 240 end
				when 2 then current_date + 365 - i % 300
			end,
			case when i <= ${V}::int then md5('bench-user-' || i)::uuid end,
			now() - (i % 300) * interval '1 day'
		from generate_series(1, ${W}::int) as i, generate_series(1, ${counts.documentsPerWorkshop}::int) as k
	`);

	// History: 20 audit events per workshop, newest first by id order.
	await db.execute(sql`
		insert into audit_event (occurred_at, actor_user_id, actor_name, vendor_id, entity_type, entity_id, action, summary, before, after)
		select now() - e * interval '13 minutes',
			md5('bench-user-' || (${V}::int + 1 + e % ${counts.staffUsers}::int))::uuid,
			(${firstNames})[1 + e % 25] || ' ' || (${lastNames})[1 + (e / 25) % 20],
			md5('bench-vendor-' || ((e - 1) % ${W}::int + 1))::uuid,
			a.entity_type,
			case when a.entity_type = 'vendor' then md5('bench-vendor-' || ((e - 1) % ${W}::int + 1))::uuid::text else md5('bench-entity-' || e)::uuid::text end,
			a.action, a.summary,
			case when a.action = 'vendor.updated' then jsonb_build_object('status', 'onboarding') end,
			case when a.action = 'vendor.updated' then jsonb_build_object('status', 'active') end
		from generate_series(1, ${W * counts.auditEventsPerWorkshop}::int) as e
		join (values
			(0, 'vendor', 'vendor.updated', 'Updated the workshop profile'),
			(1, 'vendor_contact', 'vendor_contact.added', 'Added a contact'),
			(2, 'vendor_document', 'vendor_document.uploaded', 'Uploaded a document'),
			(3, 'invitation', 'invitation.sent', 'Invited a person'),
			(4, 'membership', 'membership.role_changed', 'Changed a person''s role')
		) as a(slot, entity_type, action, summary) on a.slot = e % 5
	`);
}

const countedTables = [
	'vendor',
	'app_user',
	'membership',
	'user_session',
	'invitation',
	'vendor_contact',
	'stored_file',
	'vendor_document',
	'audit_event',
	'style',
	'purchase_order',
	'purchase_order_line',
	'purchase_order_revision',
	'purchase_order_message',
	'purchase_order_change_request',
	'production_job',
	'job_milestone',
	'job_update',
	'job_problem',
	'job_photo',
	'repair_job',
	'repair_estimate',
	'repair_event',
	'repair_photo',
	'vendor_invoice',
	'vendor_invoice_line',
	'payment'
] as const;

async function countRows(handle: DatabaseHandle): Promise<Record<string, number>> {
	const rows: Record<string, number> = {};
	for (const table of countedTables) {
		const result = await handle.db.execute(sql.raw(`select count(*)::int as n from "${table}"`));
		rows[table] = Number((result as unknown as { n: number }[])[0]?.n ?? 0);
	}
	return rows;
}

/** The people the scenarios sign in as, chosen from the data set by role. */
export async function pickAccounts(server: string, database: string, perRole: number): Promise<Accounts> {
	const handle = await openDatabase({ kind: 'postgres', url: databaseUrl(server, database), poolMax: 1 });
	try {
		const emails = async (query: ReturnType<typeof sql>) =>
			((await handle.db.execute(query)) as unknown as { email: string }[]).map((row) => row.email);
		// one person per workshop, so each connection works in a different tenant
		const vendor = await emails(sql`
			select distinct on (v.id) u.email from app_user u
			join membership m on m.user_id = u.id join vendor v on v.id = m.vendor_id
			where v.status = 'active' and u.status = 'active'
			order by v.id, m.role, u.email limit ${perRole}::int`);
		const ops = await emails(sql`
			select u.email from app_user u join membership m on m.user_id = u.id
			where m.role = 'ops' and u.status = 'active' order by u.email limit ${perRole}::int`);
		const poVendor = await emails(sql`
			select u.email from app_user u join membership m on m.user_id = u.id
			where m.vendor_id = ${benchWorkshopId(BENCH_PO_WORKSHOP)}::uuid and u.status = 'active' order by u.email limit ${perRole}::int`);
		const repairVendor = await emails(sql`
			select u.email from app_user u join membership m on m.user_id = u.id
			where m.vendor_id = ${benchWorkshopId(BENCH_REPAIR_WORKSHOP)}::uuid and u.status = 'active' order by u.email limit ${perRole}::int`);
		const finance = await emails(sql`
			select u.email from app_user u join membership m on m.user_id = u.id
			where m.role = 'finance' and u.status = 'active' order by u.email limit ${perRole}::int`);
		const signIn = await emails(sql`
			select u.email from app_user u where u.status = 'active' and u.password_hash is not null
			order by md5(u.email) limit 200`);
		return { vendor, ops, poVendor, repairVendor, finance, signIn };
	} finally {
		await handle.close();
	}
}

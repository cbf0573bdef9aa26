/**
 * PGlite has no lock of its own; Bezel's lock file must refuse a second process on the same
 * directory with a sentence naming the holder, and let it in once the first one is gone.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/client.ts';

function runMigrate(dataDir: string) {
	// the child gets only what it needs: no DATABASE_URL, so it uses the embedded database
	return spawnSync(process.execPath, ['scripts/migrate.ts'], {
		env: { PATH: process.env.PATH, DATA_DIR: dataDir },
		encoding: 'utf8',
		timeout: 60_000
	});
}

describe('embedded database lock', () => {
	it('refuses a second process while the first holds the directory, then lets it in', async () => {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezel-lock-'));
		const holder = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'db'), lockDir: dataDir });
		try {
			const refused = runMigrate(dataDir);
			expect(refused.status).toBe(1);
			expect(refused.stderr).toContain(`in use by process ${process.pid}`);
			expect(refused.stderr).toContain('Stop that process first');
		} finally {
			await holder.close();
		}
		const allowed = runMigrate(dataDir);
		expect(allowed.stderr).toBe('');
		expect(allowed.status).toBe(0);
		expect(fs.existsSync(path.join(dataDir, 'db.lock'))).toBe(false);
		fs.rmSync(dataDir, { recursive: true, force: true });
	}, 90_000);

	it('takes over a lock left by a process that no longer exists', async () => {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezel-lock-'));
		fs.writeFileSync(path.join(dataDir, 'db.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, command: 'crashed', startedAt: '2026-01-01' }));
		const handle = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'db'), lockDir: dataDir });
		expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'db.lock'), 'utf8')).pid).toBe(process.pid);
		await handle.close();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}, 60_000);
});

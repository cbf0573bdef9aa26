/**
 * PGlite has no lock of its own: two processes on one directory silently lose writes.
 * We keep a lock file beside the data directory and refuse a second process with a sentence
 * naming the one that holds it. A lock left by a crashed process is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface DirectoryLock {
	release(): void;
}

interface LockOwner {
	pid: number;
	command: string;
	startedAt: string;
}

export class DatabaseLockedError extends Error {
	constructor(dataDir: string, owner: LockOwner) {
		super(
			`The embedded database in ${dataDir} is in use by process ${owner.pid} (${owner.command}, started ${owner.startedAt}). ` +
				`Stop that process first, or set DATABASE_URL to share a PostgreSQL server between processes.`
		);
		this.name = 'DatabaseLockedError';
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export function acquireDirectoryLock(lockDir: string, dataDir: string): DirectoryLock {
	fs.mkdirSync(lockDir, { recursive: true });
	const file = path.join(lockDir, 'db.lock');
	const me: LockOwner = {
		pid: process.pid,
		command:
			process.argv
				.slice(1)
				.map((part) => path.basename(part))
				.join(' ') || 'node',
		startedAt: new Date().toISOString()
	};
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
			let released = false;
			return {
				release() {
					if (released) return;
					released = true;
					try {
						const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
						if (current.pid === me.pid) fs.unlinkSync(file);
					} catch {
						// already gone
					}
				}
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			let owner: LockOwner | undefined;
			try {
				owner = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
			} catch {
				owner = undefined;
			}
			if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
				throw new DatabaseLockedError(dataDir, owner);
			}
			// stale lock (crashed process) or our own from an earlier open in this process
			fs.rmSync(file, { force: true });
		}
	}
	throw new Error(`Could not take the lock on ${dataDir}; try again.`);
}

import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileStore } from './store.ts';

export function createLocalFileStore(root: string): FileStore {
	const resolve = (key: string) => {
		const full = path.resolve(root, key);
		// keys are server-made, but a path that escapes the root is refused all the same
		if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error('Invalid file key');
		return full;
	};
	return {
		kind: 'local',
		async put(key, bytes) {
			const full = resolve(key);
			await fs.mkdir(path.dirname(full), { recursive: true });
			await fs.writeFile(full, bytes, { flag: 'wx' });
		},
		async get(key) {
			try {
				return new Uint8Array(await fs.readFile(resolve(key)));
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
				throw error;
			}
		},
		async delete(key) {
			await fs.rm(resolve(key), { force: true });
		},
		async list(prefix) {
			const base = path.resolve(root);
			const start = path.join(base, prefix);
			const found: { key: string; createdAt: Date }[] = [];
			async function walk(dir: string) {
				let entries;
				try {
					entries = await fs.readdir(dir, { withFileTypes: true });
				} catch {
					return;
				}
				for (const entry of entries) {
					const full = path.join(dir, entry.name);
					if (entry.isDirectory()) await walk(full);
					else found.push({ key: path.relative(base, full).split(path.sep).join('/'), createdAt: (await fs.stat(full)).mtime });
				}
			}
			await walk(start);
			return found;
		}
	};
}

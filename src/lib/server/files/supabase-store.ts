import { createClient } from '@supabase/supabase-js';
import type { FileStore } from './store.ts';

/** Supabase Storage, private bucket, reached with the service-role key from the server only. */
export function createSupabaseFileStore(url: string, serviceRoleKey: string, bucket: string): FileStore {
	const client = createClient(url, serviceRoleKey, { auth: { persistSession: false, autoRefreshToken: false } });
	const storage = () => client.storage.from(bucket);
	return {
		kind: 'supabase',
		async put(key, bytes, contentType) {
			const { error } = await storage().upload(key, bytes, { contentType, upsert: false });
			if (error) throw new Error(`Storage upload failed: ${error.message}`);
		},
		async get(key) {
			const { data, error } = await storage().download(key);
			if (error) {
				if (/not.?found/i.test(error.message)) return null;
				throw new Error(`Storage download failed: ${error.message}`);
			}
			return new Uint8Array(await data.arrayBuffer());
		},
		async delete(key) {
			const { error } = await storage().remove([key]);
			if (error) throw new Error(`Storage delete failed: ${error.message}`);
		},
		async list(prefix) {
			const found: { key: string; createdAt: Date }[] = [];
			async function walk(folder: string) {
				const { data, error } = await storage().list(folder, { limit: 1000 });
				if (error) throw new Error(`Storage list failed: ${error.message}`);
				for (const item of data ?? []) {
					const key = folder ? `${folder}/${item.name}` : item.name;
					// folders come back without an id
					if (!item.id) await walk(key);
					else found.push({ key, createdAt: new Date(item.created_at ?? Date.now()) });
				}
			}
			await walk(prefix.replace(/\/$/, ''));
			return found;
		}
	};
}

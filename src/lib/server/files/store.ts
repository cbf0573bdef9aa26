/** Where file bytes live. Keys are made by the server (`vendors/<id>/<purpose>/<uuid>`), never from a file name. */
export interface FileStore {
	readonly kind: 'local' | 'supabase';
	put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
	get(key: string): Promise<Uint8Array | null>;
	delete(key: string): Promise<void>;
	/** every key under a prefix with its age, for the orphan sweep */
	list(prefix: string): Promise<{ key: string; createdAt: Date }[]>;
}

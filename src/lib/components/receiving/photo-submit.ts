import { shrinkPhotosIn } from '#lib/components/purchase-orders/photo-shrink.ts';

/** Puts the photos gathered with previews into the posted form under `name`, made smaller for slow connections. */
export async function attachPhotos(formData: FormData, name: string, files: File[]): Promise<void> {
	formData.delete(name);
	for (const file of files) formData.append(name, file);
	await shrinkPhotosIn(formData, name);
}

/**
 * The invoice PDF a workshop uploads is the document finance pays against, so it must be one finance
 * can open: a real PDF by its bytes (not a photo renamed .pdf), not empty, at most 10 MB, not
 * password-protected, with pages pdf-lib can read. Each refusal is one sentence and names the fix.
 */
import { EncryptedPDFError, PDFDocument } from 'pdf-lib';
import { MAX_INVOICE_PDF_BYTES } from '#lib/domain/invoices/entry.ts';
import { AppError, invalid } from '#lib/server/errors.ts';
import { checkUpload, type CheckedUpload } from '#lib/server/files/validate.ts';

type UploadedFile = { name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> };

const refuse = (message: string, field: string) => invalid(message, { pdf: field });

/** An /Encrypt entry in a trailer or cross-reference stream: pdf-lib reports most, this catches the rest. */
const encryptEntry = /\/Encrypt\s*(?:\d+\s+\d+\s+R|<<)/;

export async function checkInvoicePdf(file: UploadedFile | null | undefined): Promise<CheckedUpload> {
	if (!file) throw refuse('Attach the invoice as a PDF.', 'Attach the invoice PDF.');
	let upload: CheckedUpload;
	try {
		upload = await checkUpload(file, 'document', MAX_INVOICE_PDF_BYTES);
	} catch (caught) {
		// the same sentence, under the form's field name
		if (caught instanceof AppError) throw refuse(caught.message, caught.fields.file ?? caught.message);
		throw caught;
	}
	if (upload.contentType !== 'application/pdf') {
		throw refuse(
			`“${upload.originalName}” is an image, not a PDF. Save or scan the invoice as a PDF and upload that.`,
			'Upload the invoice as a PDF.'
		);
	}
	const head = new TextDecoder('latin1').decode(upload.bytes.subarray(Math.max(0, upload.bytes.byteLength - 64 * 1024)));
	if (encryptEntry.test(head)) throw encryptedRefusal(upload.originalName);
	let pages: number;
	try {
		const doc = await PDFDocument.load(upload.bytes, { updateMetadata: false });
		if (doc.isEncrypted) throw new EncryptedPDFError();
		pages = doc.getPageCount();
	} catch (caught) {
		if (caught instanceof EncryptedPDFError) throw encryptedRefusal(upload.originalName);
		throw refuse(
			`“${upload.originalName}” could not be read as a PDF: it may be damaged. Export the invoice again and upload the new file.`,
			'The PDF could not be read.'
		);
	}
	if (pages < 1)
		throw refuse(`“${upload.originalName}” has no pages. Export the invoice again and upload the new file.`, 'The PDF has no pages.');
	return {
		...upload,
		originalName: upload.originalName.toLowerCase().endsWith('.pdf') ? upload.originalName : `${upload.originalName}.pdf`
	};
}

const encryptedRefusal = (name: string) =>
	refuse(
		`“${name}” is password-protected, so finance could not open it. Save it again without a password and upload that copy.`,
		'The PDF is password-protected.'
	);

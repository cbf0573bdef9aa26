/** Words and numbers of the custom-order module: order numbers, payment kinds, how a client decided. */

/** CO-2026-0007: the year the order was taken and its place in that year, gap-free. */
export function formatCustomOrderNumber(year: number, sequence: number): string {
	return `CO-${year}-${String(sequence).padStart(4, '0')}`;
}

/** The same list as `custom_order_payment.kind`. */
export const customerPaymentKinds = ['deposit', 'cad_deposit', 'progress', 'balance'] as const;
export type CustomerPaymentKind = (typeof customerPaymentKinds)[number];

export const customerPaymentKindLabels: Record<CustomerPaymentKind, string> = {
	deposit: 'Deposit',
	cad_deposit: 'CAD deposit',
	progress: 'Progress payment',
	balance: 'Balance'
};

/** How the client gave their answer on a design: recorded with the brand's decision. */
export const clientDecisionChannels = ['in_person', 'phone', 'email', 'message', 'video_call'] as const;
export type ClientDecisionChannel = (typeof clientDecisionChannels)[number];

export const clientDecisionChannelLabels: Record<ClientDecisionChannel, string> = {
	in_person: 'in person',
	phone: 'by phone',
	email: 'by e-mail',
	message: 'by message',
	video_call: 'on a video call'
};

/** The same list as `design_file.kind`: renders are shown, PDFs open, CAD files download. */
export const designFileKinds = ['render', 'document', 'cad'] as const;
export type DesignFileKind = (typeof designFileKinds)[number];

export const designFileKindLabels: Record<DesignFileKind, string> = {
	render: 'Render',
	document: 'PDF',
	cad: 'CAD file'
};

/** At most this many files in one design version. */
export const MAX_FILES_PER_VERSION = 12;
/** At most this many inspiration images on a brief (and at most 8 in one upload, like photos). */
export const MAX_INSPIRATION_IMAGES = 12;

/**
 * The carriers workshops ship fine jewelry with, and the public tracking page of each. Hand delivery and
 * any other carrier have no link: a made-up URL would send people to a page that knows nothing of the
 * parcel. A shipment stores the carrier's code (`ups`) for listed carriers, or the name typed for others.
 */
export const carrierCodes = [
	'ups',
	'fedex',
	'dhl_express',
	'usps',
	'brinks',
	'malca_amit',
	'ferrari_group',
	'hand_delivery',
	'other'
] as const;
export type CarrierCode = (typeof carrierCodes)[number];

export const carrierLabels: Record<CarrierCode, string> = {
	ups: 'UPS',
	fedex: 'FedEx',
	dhl_express: 'DHL Express',
	usps: 'USPS',
	brinks: 'Brink’s',
	malca_amit: 'Malca-Amit',
	ferrari_group: 'Ferrari Group',
	hand_delivery: 'Hand delivery',
	other: 'Other carrier'
};

const trackingPages: Partial<Record<CarrierCode, (tracking: string) => string>> = {
	ups: (t) => `https://www.ups.com/track?tracknum=${t}`,
	fedex: (t) => `https://www.fedex.com/fedextrack/?trknbr=${t}`,
	dhl_express: (t) => `https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=${t}`,
	usps: (t) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${t}`,
	brinks: (t) => `https://www.brinksglobal.com/tracking/?tracking=${t}`,
	malca_amit: (t) => `https://www.malca-amit.com/tracking/?tracking_number=${t}`,
	ferrari_group: (t) => `https://www.ferrarigroup.net/tracking?code=${t}`
};

export const isCarrierCode = (value: string): value is CarrierCode => (carrierCodes as readonly string[]).includes(value);

/** What people read for a stored carrier: the listed carrier's name, or the name typed for another one. */
export function carrierLabel(stored: string): string {
	return isCarrierCode(stored) ? carrierLabels[stored] : stored;
}

/** The carrier's tracking page for this number, or null (hand delivery, another carrier, no number). */
export function trackingUrl(stored: string, trackingNumber: string): string | null {
	const tracking = trackingNumber.replace(/\s+/g, '');
	if (!isCarrierCode(stored) || tracking === '') return null;
	const build = trackingPages[stored];
	return build ? build(encodeURIComponent(tracking)) : null;
}

/** Carriers that need a tracking number: all but hand delivery (and another carrier, whose numbers vary). */
export const needsTrackingNumber = (stored: string) => isCarrierCode(stored) && stored !== 'hand_delivery' && stored !== 'other';

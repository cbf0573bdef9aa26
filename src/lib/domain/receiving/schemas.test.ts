import { describe, expect, it } from 'vitest';
import { announceShipmentSchema, parseLineWeight, parseWholeQuantity, receiveGoodsSchema, shipmentListQuerySchema } from './schemas.ts';

describe('receiving inputs', () => {
	it('reads whole quantities and treats blank or 0 as none', () => {
		expect(parseWholeQuantity('12')).toEqual({ ok: true, quantity: 12 });
		expect(parseWholeQuantity(' 1,200 ')).toEqual({ ok: true, quantity: 1200 });
		expect(parseWholeQuantity('')).toEqual({ ok: true, quantity: null });
		expect(parseWholeQuantity('0')).toEqual({ ok: true, quantity: null });
		expect(parseWholeQuantity('2.5')).toMatchObject({ ok: false, message: 'Enter whole pieces, like 12.' });
		expect(parseWholeQuantity('-3')).toMatchObject({ ok: false });
		expect(parseWholeQuantity('1000001')).toMatchObject({ ok: false });
	});

	it('reads grams to milligrams exactly', () => {
		expect(parseLineWeight('3.125')).toEqual({ ok: true, mg: 3125 });
		expect(parseLineWeight('')).toEqual({ ok: true, mg: null });
		expect(parseLineWeight('3.1255')).toMatchObject({ ok: false });
		expect(parseLineWeight('0')).toMatchObject({ ok: false });
	});

	it('checks the shape of an announcement and a receipt', () => {
		const announced = announceShipmentSchema.safeParse({ carrier: '', shippedOn: 'soon', lines: [] });
		expect(announced.success).toBe(false);
		const received = receiveGoodsSchema.safeParse({ purchaseOrderId: 'x', receivedOn: '2999-01-01', lines: [] });
		expect(received.success).toBe(false);
		expect(received.error?.issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(['purchaseOrderId', 'receivedOn']));
	});

	it('falls back to defaults for an odd list address', () => {
		expect(shipmentListQuerySchema.parse({ status: 'lost', page: '-2', vendor: 'x' })).toMatchObject({
			status: undefined,
			page: 1,
			vendor: undefined
		});
	});
});

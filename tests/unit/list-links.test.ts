import { describe, expect, it } from 'vitest';
import { listActionHref, listHref } from '#lib/list-links.ts';

describe('listHref', () => {
	it('sets and removes parameters, keeping the others', () => {
		expect(listHref('?status=open&q=ring', { q: 'band', vendor: 'v1' })).toBe('?status=open&q=band&vendor=v1');
		expect(listHref('?status=open&q=ring', { q: '' })).toBe('?status=open');
		expect(listHref('?status=open&q=ring', { q: undefined, sort: 'due', dir: 'asc' })).toBe('?status=open&sort=due&dir=asc');
	});

	it('goes back to the first page unless the change is the page', () => {
		expect(listHref('?q=ring&page=3', { sort: 'number' })).toBe('?q=ring&sort=number');
		expect(listHref('?q=ring&page=3', { page: 4 })).toBe('?q=ring&page=4');
	});

	it('answers the empty link when no parameter is left', () => {
		expect(listHref('?page=2&q=ring', { q: '' })).toBe('?');
		expect(listHref('', {}, '/repairs')).toBe('/repairs');
	});
});

describe('listActionHref', () => {
	it('posts to the action on the list as filtered now', () => {
		expect(listActionHref('?status=approved&q=INV-1', 'schedule')).toBe('?status=approved&q=INV-1&/schedule');
		expect(listActionHref('', 'approve')).toBe('?/approve');
	});

	it('leaves out the action a post without JavaScript left in the address, here and in the list’s links', () => {
		expect(listActionHref('?status=approved&/schedule', 'approve')).toBe('?status=approved&/approve');
		expect(listHref('?status=approved&/schedule', { page: 2 })).toBe('?status=approved&page=2');
	});
});

/**
 * Shared number formats. An Intl formatter is costly to build (a tenth of a millisecond): made once
 * here, not in every component render.
 */

/** "12,480": counts of pieces, documents, rows. */
export const integerFormat = new Intl.NumberFormat('en-US');

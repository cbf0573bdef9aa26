export * from './identity.ts';
export * from './platform.ts';
export * from './vendors.ts';
export * from './catalogue.ts';
export * from './settings.ts';
export * from './purchasing.ts';
export * from './production.ts';
export * from './repairs.ts';

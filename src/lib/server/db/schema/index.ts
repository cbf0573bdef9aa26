export * from './identity.ts';
export * from './platform.ts';
export * from './vendors.ts';

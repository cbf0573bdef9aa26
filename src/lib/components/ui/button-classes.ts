export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'sm' | 'md';

/** Class list for anything that should look like a button (used by Button and ConfirmButton); the styles are in app.css. */
export function buttonClasses(variant: ButtonVariant = 'primary', size: ButtonSize = 'md'): string {
	return `bz-btn bz-btn-${variant} bz-btn-${size}`;
}

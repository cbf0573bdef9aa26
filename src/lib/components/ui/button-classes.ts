export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'sm' | 'md';

const base =
	'inline-flex items-center justify-center gap-2 rounded-md border font-medium whitespace-nowrap ' +
	'transition-colors select-none focus-visible:outline-2 focus-visible:outline-offset-2 ' +
	'disabled:cursor-not-allowed disabled:opacity-60 ' +
	'aria-disabled:pointer-events-none aria-disabled:opacity-60';

const variants: Record<ButtonVariant, string> = {
	primary: 'border-transparent bg-brass-700 text-white shadow-xs hover:not-disabled:bg-brass-800 focus-visible:outline-brass-700',
	secondary: 'border-stone-400 bg-white text-ink shadow-xs hover:not-disabled:bg-stone-100 focus-visible:outline-brass-700',
	danger: 'border-transparent bg-red-700 text-white shadow-xs hover:not-disabled:bg-red-800 focus-visible:outline-red-700',
	ghost: 'border-transparent bg-transparent text-ink hover:not-disabled:bg-stone-200/70 focus-visible:outline-brass-700'
};

const sizes: Record<ButtonSize, string> = {
	sm: 'min-h-8 px-3 py-1 text-sm',
	md: 'min-h-10 px-4 py-2 text-sm'
};

/** Class list for anything that should look like a button (used by Button and ConfirmButton). */
export function buttonClasses(variant: ButtonVariant = 'primary', size: ButtonSize = 'md'): string {
	return `${base} ${variants[variant]} ${sizes[size]}`;
}

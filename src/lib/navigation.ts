import type { Role } from '#lib/domain/identity/roles.ts';

export interface NavItem {
	href: string;
	label: string;
}

/** The main navigation for each role; later features add their pages here. */
export function navigationFor(role: Role): NavItem[] {
	switch (role) {
		case 'vendor_admin':
			return [
				{ href: '/workshop', label: 'Home' },
				{ href: '/workshop/purchase-orders', label: 'Purchase orders' },
				{ href: '/workshop/jobs', label: 'Jobs' },
				{ href: '/workshop/shipments', label: 'Shipments' },
				{ href: '/workshop/quality', label: 'Quality' },
				{ href: '/workshop/invoices', label: 'Invoices' },
				{ href: '/workshop/repairs', label: 'Repairs' },
				{ href: '/workshop/designs', label: 'Designs' },
				{ href: '/workshop/documents', label: 'Documents' },
				{ href: '/workshop/people', label: 'People' },
				{ href: '/workshop/profile', label: 'Workshop' }
			];
		case 'vendor_member':
			return [
				{ href: '/workshop', label: 'Home' },
				{ href: '/workshop/purchase-orders', label: 'Purchase orders' },
				{ href: '/workshop/jobs', label: 'Jobs' },
				{ href: '/workshop/shipments', label: 'Shipments' },
				{ href: '/workshop/quality', label: 'Quality' },
				{ href: '/workshop/invoices', label: 'Invoices' },
				{ href: '/workshop/repairs', label: 'Repairs' },
				{ href: '/workshop/designs', label: 'Designs' },
				{ href: '/workshop/documents', label: 'Documents' },
				{ href: '/workshop/people', label: 'People' },
				{ href: '/workshop/profile', label: 'Workshop' }
			];
		case 'admin':
			return [
				{ href: '/dashboard', label: 'Home' },
				{ href: '/purchase-orders', label: 'Purchase orders' },
				{ href: '/production', label: 'Production' },
				{ href: '/receiving', label: 'Receiving' },
				{ href: '/quality', label: 'Quality' },
				{ href: '/finance', label: 'Finance' },
				{ href: '/repairs', label: 'Repairs' },
				{ href: '/custom-orders', label: 'Custom orders' },
				{ href: '/vendors', label: 'Workshops' },
				{ href: '/styles', label: 'Styles' },
				{ href: '/admin/people', label: 'Team' },
				{ href: '/admin/settings', label: 'Settings' },
				{ href: '/admin/mailbox', label: 'Mailbox' }
			];
		case 'ops':
			return [
				{ href: '/dashboard', label: 'Home' },
				{ href: '/purchase-orders', label: 'Purchase orders' },
				{ href: '/production', label: 'Production' },
				{ href: '/receiving', label: 'Receiving' },
				{ href: '/quality', label: 'Quality' },
				{ href: '/finance', label: 'Finance' },
				{ href: '/repairs', label: 'Repairs' },
				{ href: '/custom-orders', label: 'Custom orders' },
				{ href: '/vendors', label: 'Workshops' },
				{ href: '/styles', label: 'Styles' }
			];
		default:
			return [
				{ href: '/dashboard', label: 'Home' },
				{ href: '/purchase-orders', label: 'Purchase orders' },
				{ href: '/production', label: 'Production' },
				{ href: '/receiving', label: 'Receiving' },
				{ href: '/quality', label: 'Quality' },
				{ href: '/finance', label: 'Finance' },
				{ href: '/repairs', label: 'Repairs' },
				{ href: '/custom-orders', label: 'Custom orders' },
				{ href: '/vendors', label: 'Workshops' }
			];
	}
}

export interface ShellData {
	name: string;
	roleLabel: string;
	workshopName: string | null;
	navigation: NavItem[];
}

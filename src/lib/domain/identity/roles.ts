export const internalRoles = ['admin', 'ops', 'finance'] as const;
export const vendorRoles = ['vendor_admin', 'vendor_member'] as const;
export const allRoles = [...internalRoles, ...vendorRoles] as const;

export type InternalRole = (typeof internalRoles)[number];
export type VendorRole = (typeof vendorRoles)[number];
export type Role = InternalRole | VendorRole;

export const roleLabels: Record<Role, string> = {
	admin: 'Administrator',
	ops: 'Operations',
	finance: 'Finance',
	vendor_admin: 'Workshop admin',
	vendor_member: 'Workshop member'
};

export function isVendorRole(role: Role): role is VendorRole {
	return role === 'vendor_admin' || role === 'vendor_member';
}

export function isInternalRole(role: Role): role is InternalRole {
	return !isVendorRole(role);
}

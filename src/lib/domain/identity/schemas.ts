import { z } from 'zod';
import { PASSWORD_MAX, passwordProblem } from './password-policy.ts';
import { allRoles, internalRoles, vendorRoles } from './roles.ts';

export const emailSchema = z
	.string({ error: 'Enter an e-mail address.' })
	.trim()
	.min(1, 'Enter an e-mail address.')
	.max(254, 'That e-mail address is too long.')
	.pipe(z.email({ error: 'Enter an e-mail address like name@example.com.' }))
	.transform((value) => value.toLowerCase());

export const personNameSchema = z
	.string({ error: 'Enter a name.' })
	.trim()
	.min(1, 'Enter a name.')
	.max(120, 'Keep the name under 120 characters.');

export const newPasswordSchema = z
	.string({ error: 'Enter a password.' })
	.max(PASSWORD_MAX * 4, `Use at most ${PASSWORD_MAX} characters.`)
	.superRefine((value, ctx) => {
		const problem = passwordProblem(value);
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	});

export const signInSchema = z.object({
	email: emailSchema,
	password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(1024),
	redirectTo: z.string().max(500).optional()
});

function passwordsMatch<T extends { password: string; confirmPassword: string }>(value: T, ctx: z.RefinementCtx) {
	if (value.password !== value.confirmPassword) {
		ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The two passwords do not match.' });
	}
}

export const acceptInvitationSchema = z
	.object({
		name: personNameSchema,
		password: newPasswordSchema,
		confirmPassword: z.string()
	})
	.superRefine(passwordsMatch);

export const requestPasswordResetSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = z.object({ password: newPasswordSchema, confirmPassword: z.string() }).superRefine(passwordsMatch);

export const changePasswordSchema = z
	.object({
		currentPassword: z.string().min(1, 'Enter your current password.').max(1024),
		password: newPasswordSchema,
		confirmPassword: z.string()
	})
	.superRefine(passwordsMatch);

export const inviteVendorUserSchema = z.object({
	name: personNameSchema,
	email: emailSchema,
	role: z.enum(vendorRoles, { error: 'Choose a role.' })
});

export const inviteStaffSchema = z.object({
	name: personNameSchema,
	email: emailSchema,
	role: z.enum(internalRoles, { error: 'Choose a role.' })
});

export const changeRoleSchema = z.object({
	userId: z.uuid(),
	role: z.enum(allRoles, { error: 'Choose a role.' })
});

export const profileSchema = z.object({
	name: personNameSchema,
	phone: z.string().trim().max(40, 'Keep the phone number under 40 characters.').optional().default('')
});

export type SignInInput = z.infer<typeof signInSchema>;
export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;
export type InviteVendorUserInput = z.infer<typeof inviteVendorUserSchema>;
export type InviteStaffInput = z.infer<typeof inviteStaffSchema>;

/** One-button forms on people lists: which invitation or person the button is about. */
export const invitationRefSchema = z.object({ invitationId: z.uuid({ error: 'That invitation does not exist.' }) });
export const personStatusSchema = z.object({
	userId: z.uuid({ error: 'That person does not exist.' }),
	status: z.enum(['active', 'disabled'])
});
export const invitePersonSchema = z.object({
	name: personNameSchema,
	email: emailSchema,
	role: z.enum(allRoles, { error: 'Choose a role.' })
});

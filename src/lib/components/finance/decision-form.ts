import { invalidateAll } from '$app/navigation';
import { superForm, type SuperValidated } from 'sveltekit-superforms';

/**
 * A finance decision (approve, hold, release, pay, cancel) on a document someone else may be deciding
 * on too. A refusal keeps what was typed and its errors, and the page reloads the document so the
 * newer state is in front of the person; the hidden `version` input is drawn from that fresh state,
 * never from the form, so a second try carries it. Success resets the form.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function decisionForm<T extends Record<string, unknown>>(form: SuperValidated<T, any>) {
	return superForm(form, {
		// reloading the page must not put back the values of when it was first drawn
		applyAction: 'never',
		resetForm: true,
		async onResult({ result }) {
			if (result.type === 'failure') await invalidateAll();
		}
	});
}

export { ConfirmActionButton } from './ConfirmActionButton';
export type { ConfirmActionButtonProps } from './ConfirmActionButton';
export type { ActionOutcome } from './useActionReporter';

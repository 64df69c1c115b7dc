export { ConfirmActionButton, useActionReporter } from './ConfirmActionButton';
export type {
  ActionOutcome,
  ConfirmActionButtonProps,
} from './ConfirmActionButton';

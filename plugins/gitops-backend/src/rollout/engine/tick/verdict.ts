import type { CheckOutcome } from '../ports';

/** What a metrics outcome means for the run: go on, hold until promoted, or a failed check. */
export type Verdict = 'passed' | 'inconclusive' | 'failed';

export function verdictOf(outcome: CheckOutcome): Verdict {
  if (outcome.passed) return 'passed';
  return outcome.inconclusive ? 'inconclusive' : 'failed';
}

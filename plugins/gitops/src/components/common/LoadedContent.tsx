import { ReactNode } from 'react';
import { Progress } from '@backstage/core-components';
import { LoadProblem } from './LoadProblem';
import { LoadState } from './loadState';

/**
 * A loaded value's view: a progress bar on the first load, the error with
 * Retry when nothing was ever read, and otherwise the content, topped by a
 * warning with Retry while the newest load failed.
 */
export function LoadedContent<T>({
  state,
  what,
  children,
}: {
  state: LoadState<T>;
  /** What is loaded, e.g. `the fleet`, for the error's title. */
  what: string;
  children: (value: T) => ReactNode;
}) {
  if (state.value === undefined) {
    if (state.error) return <LoadProblem state={state} what={what} />;
    return <Progress />;
  }
  return (
    <>
      <LoadProblem state={state} what={what} />
      {children(state.value)}
    </>
  );
}

import { PropsWithChildren } from 'react';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { GITOPS_REPO_ANNOTATION } from '@slipway/plugin-gitops-common';
import { isGitopsAvailable } from '../../conditions';

/** Renders its children only for entities that opted in to Slipway. */
export const AnnotatedEntityOnly = ({ children }: PropsWithChildren<{}>) => {
  const { entity } = useEntity();
  if (!isGitopsAvailable(entity)) {
    return <MissingAnnotationEmptyState annotation={GITOPS_REPO_ANNOTATION} />;
  }
  return <>{children}</>;
};

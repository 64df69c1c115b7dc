import {
  CompoundEntityRef,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';

/** The current entity as the API wants it and as permission checks want it. */
export function useEntityRef(): { ref: CompoundEntityRef; refString: string } {
  const { entity } = useEntity();
  return useMemo(() => {
    const ref = getCompoundEntityRef(entity);
    return { ref, refString: stringifyEntityRef(ref) };
  }, [entity]);
}

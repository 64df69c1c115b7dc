import { CSSProperties } from 'react';
import { TableColumn } from '@backstage/core-components';

// Backstage's theme lets table cells break words anywhere, which squeezed
// "OutOfSync" into "OutOfS ync" once columns got tight. Every cell here
// keeps its words whole.

/** Statuses, names, revisions, times and headers: one line. */
export const oneLineCell: CSSProperties = {
  whiteSpace: 'nowrap',
  wordBreak: 'normal',
};

/** Free text such as messages: wraps between words, never inside one. */
export const textCell: CSSProperties = {
  whiteSpace: 'normal',
  wordBreak: 'normal',
  overflowWrap: 'break-word',
  minWidth: 200,
};

/** A table column; `wrap` marks free text, every other column stays on one line. */
export type GitopsColumn<T extends object> = TableColumn<T> & {
  wrap?: boolean;
};

/** Columns for core-components' `Table` with the cell styles above. */
export function tableColumns<T extends object>(
  columns: GitopsColumn<T>[],
): TableColumn<T>[] {
  return columns.map(({ wrap, ...column }) => ({
    ...column,
    headerStyle: { ...oneLineCell, ...column.headerStyle },
    cellStyle: wrap ? textCell : oneLineCell,
  }));
}

/** Options of a short table shown whole inside a card: no toolbar, no pages. */
export const wholeTableOptions = {
  toolbar: false,
  paging: false,
  search: false,
  padding: 'dense',
} as const;

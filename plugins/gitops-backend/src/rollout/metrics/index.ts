export {
  builtinQuery,
  observerFor,
  queryValues,
  renderBuiltinQuery,
  renderMetricQuery,
} from './builtinQueries';
export type {
  BuiltinMetricName,
  BuiltinQuery,
  Observer,
} from './builtinQueries';
export { renderTemplate, TemplateError } from './template';
export type { TemplateValues } from './template';

/**
 * A render failure: broken YAML, a refused object, a missing or failing
 * tool. Its message names the file (and line) or the tool and the reason.
 */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}

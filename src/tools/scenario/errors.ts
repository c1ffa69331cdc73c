import { didYouMean } from '../spec/did-you-mean.js';

/** A scenario document that is not valid: the message names the place (scenario.md: exit 2, nothing runs). */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';

  static unknownKey(where: string, key: string, known: readonly string[]): ScenarioError {
    const hint = didYouMean(key, known);
    return new ScenarioError(`${where}.${key}: unknown field${hint ? ` (did you mean ${hint}?)` : ''}`);
  }
}

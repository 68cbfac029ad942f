/**
 * The shipped model (data/classifier/model.json, written by `npm run train:classifier`), parsed
 * and checked once at start. A missing or malformed artefact fails loudly at boot.
 */
import artefact from '../../../data/classifier/model.json';
import { loadLinearModel, type LinearModel } from './linear.js';

let cached: LinearModel | undefined;

export function defaultModel(): LinearModel {
  cached ??= loadLinearModel(artefact);
  return cached;
}

/**
 * What `npm run train:classifier` trains on (moved out of train.ts in round 15 so scripts/classifier/cv.ts trains its
 * folds on exactly the same files without running a training on import).
 */
import { isFilteredFile, type TrainingFile } from './held-out.js';

/** Hand-written lines count this much more than a generated bank line: 1 (2 and 3 moved the cross-writer figures by 0–1 points, inside the run-to-run spread, and 2 cost holdout-8.en two dates; docs/classifier.md "Round 6"). */
export const WRITTEN_WEIGHT = 1;
export const WRITERS: string[] = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10', 'w11', 'w12', 'w13', 'w14', 'w15', 'w16', 'w17', 'smalltalk15', 'w18', 'w19', 'round16b'];

// dev-7-train.* is two thirds of dev-7 (lines 1 and 2 of every 3); every third line of dev-7 is kept out as its fresh split.
export function trainingFiles(writers: readonly string[] = WRITERS, writtenWeight = WRITTEN_WEIGHT): TrainingFile[] {
  return [
    ...[
      'data/classifier/train.ja.jsonl',
      'data/classifier/train.en.jsonl',
      'test/fixtures/replies.ja.jsonl',
      'test/fixtures/replies.en.jsonl',
      'data/classifier/dev-7-train.ja.jsonl',
      'data/classifier/dev-7-train.en.jsonl',
    ].map((file) => ({ file, weight: 1, filter: isFilteredFile(file) })),
    ...writers.flatMap((w) => ['ja', 'en'].map((l) => ({ file: `data/classifier/written-${w}.${l}.jsonl`, weight: writtenWeight, filter: true }))),
  ];
}

/**
 * What is never trained on: every line of test/fixtures/holdout-*.{ja,en}.jsonl, of the sealed sets
 * test/fixtures/sealed/holdout-*.{ja,en}.jsonl (scored, not yet read: decision 0139) and of the dev sets
 * data/classifier/dev-*.{ja,en}.jsonl, as normalised compact keys. The corpus generator drops bank lines
 * equal to one, the trainer drops any training line equal to one (the written lines too), and the unit
 * test checks the files against the same keys, so a held-out set added later (holdout-13, …) is
 * covered by its file name alone.
 */
import { readdirSync } from 'node:fs';
import { loadCorpus, type CorpusLine } from '../../src/classify/evaluate.js';
import { normalise } from '../../src/classify/normalise.js';

export const HELD_OUT_FILE = /^holdout-\d+\.(ja|en)\.jsonl$/;
export const DEV_FILE = /^dev-\d+\.(ja|en)\.jsonl$/;

export function heldOutFiles(root: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(`${root}test/fixtures/`).sort()) if (HELD_OUT_FILE.test(f)) out.push(`test/fixtures/${f}`);
  for (const f of readdirSync(`${root}test/fixtures/sealed/`).sort()) if (HELD_OUT_FILE.test(f)) out.push(`test/fixtures/sealed/${f}`);
  for (const f of readdirSync(`${root}data/classifier/`).sort()) if (DEV_FILE.test(f)) out.push(`data/classifier/${f}`);
  return out;
}

export const heldOutKey = (text: string): string => normalise(text).compact;

export function heldOutKeys(root: string): Set<string> {
  const keys = new Set<string>();
  for (const f of heldOutFiles(root)) for (const l of loadCorpus(root + f)) keys.add(heldOutKey(l.text));
  return keys;
}

/** The training files whose lines equal to a held-out or dev line are dropped: the generated and the written ones. */
export const isFilteredFile = (file: string): boolean => /^data\/classifier\/(?:train\.|written-)/.test(file);

/** A training file and how much each of its lines counts (1 = a generated bank line). */
export interface TrainingFile {
  file: string;
  weight: number;
  /**
   * Drop its lines equal to a held-out or dev line (the generated and the written lines). The golden corpus
   * and dev-7-train (two thirds of dev-7, trained on by design since round 3) are trained on as they are.
   */
  filter: boolean;
}

/**
 * The lines the trainer uses from these files: no conversation context, none equal to a held-out or
 * dev line. Same function for `npm run train:classifier` and the corpus-hash test.
 */
export function trainingLines(root: string, files: readonly Pick<TrainingFile, 'file' | 'weight' | 'filter'>[], keys = heldOutKeys(root)): { lines: CorpusLine[]; weights: number[]; dropped: number } {
  const lines: CorpusLine[] = [];
  const weights: number[] = [];
  let dropped = 0;
  for (const { file, weight, filter } of files) {
    for (const l of loadCorpus(root + file)) {
      if (l.context) continue;
      if (filter && keys.has(heldOutKey(l.text))) {
        dropped++;
        continue;
      }
      lines.push(l);
      weights.push(weight);
    }
  }
  return { lines, weights, dropped };
}

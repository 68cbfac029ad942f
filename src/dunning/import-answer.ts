import type { CsvCharset } from './csv';
import { importDebts, type ImportDeps, type ImportResult, type ImportRowReport } from './import';

/** The import's 200 answer, whole: `{"rows":[…],"summary":{…},"charset":…,"stopped"?}`. */
export function answerTail(r: Extract<ImportResult, { ok: true }>): string {
  return `"summary":${JSON.stringify(r.summary)},"charset":${JSON.stringify(r.charset)}${r.stopped ? `,"stopped":${JSON.stringify(r.stopped)}` : ''}}`;
}

/** A batch of reports as the JSON array's elements (no brackets), comma-led after the first batch. */
export const reportsJson = (reports: ImportRowReport[], first: boolean): string => (first ? '' : ',') + reports.map((r) => JSON.stringify(r)).join(',');

/**
 * The import with its answer streamed (issue #12): each batch's reports are written to the answer
 * as bytes once the batch commits, so the process holds no per-row report, nor the whole answer's
 * JSON, however long the file. Until the first batch commits the outcome can still be a refusal
 * of the whole file (`ok: false`, a 422), so the answer starts only then; an import that ends
 * before (a refused file, a header alone) answers whole. After it has started an answer cannot
 * change its status: an unexpected failure then (the database gone mid-file) cuts the answer off
 * — the body errors and never becomes valid JSON — rather than passing for a success.
 *
 * The answer's bytes are queued, not waited on: a client that reads its answer only after it has
 * sent the whole file must not stall the import reading that file. They are off the JS heap.
 */
export async function streamedImport(
  deps: ImportDeps,
  source: AsyncIterable<Uint8Array>,
  opts: { charset?: CsvCharset; batchSize?: number } = {},
): Promise<{ ok: false; error: string } | { ok: true; whole: string } | { ok: true; stream: ReadableStream<Uint8Array> }> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    // The client went away: the import goes on (its rows are being written); nothing more is sent.
    cancel: () => void (open = false),
  });
  const send = (text: string) => {
    if (open) controller.enqueue(encoder.encode(text));
  };
  let first = true;
  let accepted!: () => void;
  const started = new Promise<'started'>((resolve) => (accepted = () => resolve('started')));
  const onRows = (reports: ImportRowReport[]) => {
    if (!reports.length) return;
    send((first ? '{"rows":[' : '') + reportsJson(reports, first));
    first = false;
    accepted();
  };
  const done = importDebts(deps, source, { ...opts, onRows });
  const ended = done.then(
    () => 'ended' as const,
    () => 'ended' as const,
  );
  if ((await Promise.race([started, ended])) === 'ended' && first) {
    const r = await done;
    if (!r.ok) return r;
    return { ok: true, whole: `{"rows":[],${answerTail(r)}` };
  }
  done.then(
    (r) => {
      if (!open) return;
      if (!r.ok) throw new Error(`import refused after its answer began: ${r.error}`);
      send(`],${answerTail(r)}`);
      controller.close();
    },
  ).catch((e: unknown) => {
    deps.log.error({ err: e }, 'import failed after its answer began; the answer is cut off');
    if (open) controller.error(e);
  });
  return { ok: true, stream };
}

// Re-exported so the flow linter does not depend on a provider folder's layout.
export { countSegments } from '../channels/segments';
import { countSegments } from '../channels/segments';

export function segmentInfo(text: string): { length: number; segments: number; encoding: string } {
  const s = countSegments(text) as { segments: number; encoding: string };
  return { length: [...text].length, segments: s.segments, encoding: s.encoding };
}

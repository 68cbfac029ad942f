import standardEn from '../../flows/standard-en.yaml';
import standardJa from '../../flows/standard-ja.yaml';

/**
 * The shipped flows, bundled as text (the Worker has no file system). Same order as
 * shippedFlowSources() on Node (file name order); a new file in flows/ is added here too —
 * test/workers checks that the Worker seeds every file in flows/.
 */
export const shippedFlows: string[] = [standardEn, standardJa];

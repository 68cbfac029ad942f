import { writeFileSync } from 'node:fs';
import { flowJsonSchema } from '../src/conversation/flow-json-schema';

/** `npm run flows:schema`: regenerates flows/flow.schema.json from the zod schema (editors autocomplete flows with it). */
writeFileSync(new URL('../flows/flow.schema.json', import.meta.url), `${JSON.stringify(flowJsonSchema(), null, 2)}\n`);
process.stdout.write('flows/flow.schema.json written\n');

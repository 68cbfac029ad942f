export { extractDate, type DateMention } from './dates.js';
export { extractAmount, bareNumber } from './amounts.js';
export { extractInstallments } from './counts.js';
export { civilDateIn, format as formatCivilDate, type CivilDate } from './calendar.js';

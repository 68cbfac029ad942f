/**
 * US area code → IANA timezone, for COMPLIANCE rule 14 (12 CFR 1006.6(b)(1)): when the phone's zone
 * may differ from the address's, a contact time must be allowed in both.
 *
 * PARTIAL on purpose: the major metropolitan codes of each zone, not the whole NANP plan (a few area
 * codes even straddle two zones). An unknown code adds no zone, so the debtor's own timezone still
 * decides; extend the table rather than guessing.
 */
const ZONES: Record<string, string[]> = {
  'America/New_York': [
    '201', '202', '203', '212', '215', '216', '240', '267', '301', '302', '305', '313', '347', '404', '407', '410', '412', '413',
    '434', '470', '475', '484', '508', '516', '551', '561', '585', '603', '607', '609', '610', '614', '617', '631', '646', '678',
    '703', '704', '716', '718', '727', '732', '754', '757', '770', '772', '781', '786', '802', '804', '813', '828', '843', '845',
    '856', '857', '860', '862', '904', '908', '914', '917', '919', '929', '954', '973', '980',
  ],
  'America/Chicago': [
    '205', '210', '214', '224', '225', '251', '262', '281', '312', '314', '316', '318', '331', '346', '402', '414', '469', '501',
    '504', '507', '512', '513', '573', '601', '608', '612', '615', '630', '636', '651', '682', '708', '713', '731', '737', '763',
    '773', '815', '816', '817', '832', '847', '872', '901', '913', '918', '920', '952', '956', '972',
  ],
  'America/Denver': ['303', '307', '385', '406', '435', '505', '575', '719', '720', '801', '970', '915'],
  'America/Phoenix': ['480', '520', '602', '623', '928'],
  'America/Los_Angeles': [
    '206', '209', '213', '253', '279', '310', '323', '341', '360', '408', '415', '424', '425', '442', '503', '509', '510', '530',
    '541', '559', '562', '619', '626', '628', '650', '657', '661', '669', '702', '707', '714', '725', '747', '760', '775', '805',
    '818', '831', '858', '909', '916', '925', '949', '951', '971',
  ],
  'America/Anchorage': ['907'],
  'Pacific/Honolulu': ['808'],
};

export const US_AREA_CODE_ZONES: ReadonlyMap<string, string> = new Map(
  Object.entries(ZONES).flatMap(([zone, codes]) => codes.map((c) => [c, zone] as const)),
);

/** The zone of a +1 number's area code, or null when unknown or not a NANP number. */
export function areaCodeZone(e164: string): string | null {
  const m = /^\+1(\d{3})\d{7}$/.exec(e164);
  return m ? (US_AREA_CODE_ZONES.get(m[1]!) ?? null) : null;
}

/**
 * The zones a contact time must be allowed in: the debtor's own, plus — for the US profile — the
 * phone's area-code zone when it is known and differs.
 */
export function contactZones(jurisdiction: string, debtorTimezone: string, phone: string): string[] {
  if (jurisdiction !== 'us') return [debtorTimezone];
  const z = areaCodeZone(phone);
  return z && z !== debtorTimezone ? [debtorTimezone, z] : [debtorTimezone];
}

/**
 * RFC 4180 CSV: quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF or LF,
 * a UTF-8 BOM. Returns rows of strings; an unterminated quote is an error naming the line.
 */
export function parseCsv(text: string): { ok: true; rows: string[][] } | { ok: false; error: string } {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let quoteLine = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') {
      inQuotes = true;
      quoteLine = line;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      line++;
    } else field += ch;
  }
  if (inQuotes) return { ok: false, error: `unterminated quoted field starting on line ${quoteLine}` };
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return { ok: true, rows: rows.filter((r) => !(r.length === 1 && r[0]!.trim() === '')) };
}

/**
 * CSV as RFC 4180 defines it: fields separated by commas, records by CRLF
 * (a bare LF is accepted too, as most tools write it), a field in double
 * quotes may hold commas, line breaks and doubled quotes (`""` is one `"`).
 * Beyond the RFC: a UTF-8 byte-order mark is dropped, blank lines are
 * skipped, and a quote inside an unquoted field is kept as a character
 * (`5" floppy`), which is what spreadsheet exports produce.
 */

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

/** One record with the line it starts on (1-based), for error messages. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export function* parseCsv(text: string): Generator<CsvRecord> {
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const end = text.length;
  while (position < end) {
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(position) === QUOTE) {
        const fieldLine = line;
        let value = '';
        let from = position + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote === -1) throw new CsvError(fieldLine, 'a quoted field is never closed');
          value += text.slice(from, quote);
          line += countLineFeeds(text, from, quote);
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += '"';
            from = quote + 2;
            continue;
          }
          position = quote + 1;
          break;
        }
        const next = text.charCodeAt(position);
        if (position < end && next !== COMMA && next !== LF && next !== CR) {
          throw new CsvError(line, 'text after the closing quote of a field');
        }
        field = value;
      } else {
        let stop = position;
        while (stop < end) {
          const code = text.charCodeAt(stop);
          if (code === COMMA || code === LF || code === CR) break;
          stop++;
        }
        field = text.slice(position, stop);
        position = stop;
      }
      fields.push(field);
      if (position < end && text.charCodeAt(position) === COMMA) {
        position++;
        continue;
      }
      break;
    }
    if (text.charCodeAt(position) === CR) position++;
    if (text.charCodeAt(position) === LF) position++;
    line++;
    if (fields.length === 1 && fields[0] === '') continue;
    yield { line: recordLine, fields };
  }
}

function countLineFeeds(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/**
 * Records as objects keyed by the header's column names. `required` columns
 * must be in the header; every record must have as many fields as the header.
 */
export function* readCsvTable(
  text: string,
  required: readonly string[],
): Generator<{ line: number; get(column: string): string | undefined }> {
  const records = parseCsv(text);
  const first = records.next();
  if (first.done) throw new CsvError(1, 'the file is empty (a header is expected)');
  const header = first.value.fields.map((name) => name.trim());
  const columnOf = new Map(header.map((name, index) => [name, index]));
  const missing = required.filter((name) => !columnOf.has(name));
  if (missing.length > 0) throw new CsvError(1, `the header lacks ${missing.join(', ')} (it has ${header.join(', ')})`);
  for (const { line, fields } of records) {
    if (fields.length !== header.length) {
      throw new CsvError(line, `${fields.length} fields where the header has ${header.length}`);
    }
    yield {
      line,
      get: (column) => {
        const index = columnOf.get(column);
        return index === undefined ? undefined : fields[index];
      },
    };
  }
}

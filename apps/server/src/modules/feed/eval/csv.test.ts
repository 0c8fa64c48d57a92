import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, readCsvTable } from './csv.js';
import { attachItems, parseInteractions, parseTimestamp } from './dataset.js';

const fieldsOf = (text: string) => [...parseCsv(text)].map((record) => record.fields);

describe('parseCsv (RFC 4180)', () => {
  it('splits plain records on LF, CRLF and a bare CR, with or without a final line break', () => {
    expect(fieldsOf('a,b\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(fieldsOf('a,b\r\n1,2\r\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(fieldsOf('a,b\r1,2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(fieldsOf('a,b\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(fieldsOf('a,,c\n,,\nx,y,\n')).toEqual([['a', '', 'c'], ['', '', ''], ['x', 'y', '']]);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    const text = 'id,title\n12,"Usual Suspects, The (1995)"\n13,"She said ""hi"""\n14,"two\r\nlines"\n15,""\n';
    expect(fieldsOf(text)).toEqual([
      ['id', 'title'],
      ['12', 'Usual Suspects, The (1995)'],
      ['13', 'She said "hi"'],
      ['14', 'two\r\nlines'],
      ['15', ''],
    ]);
  });

  it('numbers records by the line they start on, counting line breaks inside quotes', () => {
    const records = [...parseCsv('h\n"a\nb"\nc\n')];
    expect(records.map((record) => record.line)).toEqual([1, 2, 4]);
  });

  it('drops a byte-order mark and skips blank lines', () => {
    expect(fieldsOf('\ufeffuser_id,item_id\n\n1,2\n\r\n3,4\n\n')).toEqual([['user_id', 'item_id'], ['1', '2'], ['3', '4']]);
  });

  it('keeps a quote inside an unquoted field as a character', () => {
    expect(fieldsOf('5" floppy,x\n')).toEqual([['5" floppy', 'x']]);
  });

  it('refuses an unterminated quoted field and text after a closing quote, naming the line', () => {
    expect(() => fieldsOf('a,b\n1,"open\n2,3\n')).toThrow(new CsvError(2, 'a quoted field is never closed'));
    expect(() => fieldsOf('a\n"x"y\n')).toThrow(new CsvError(2, 'text after the closing quote of a field'));
  });
});

describe('readCsvTable', () => {
  it('looks fields up by header name, in any column order', () => {
    const rows = [...readCsvTable('b,a\n2,1\n', ['a'])].map((record) => [record.get('a'), record.get('b'), record.get('c')]);
    expect(rows).toEqual([['1', '2', undefined]]);
  });

  it('refuses a missing required column and a record of the wrong width', () => {
    expect(() => [...readCsvTable('user_id,timestamp\n1,2\n', ['user_id', 'item_id'])]).toThrow(/lacks item_id/);
    expect(() => [...readCsvTable('a,b\n1,2\n1,2,3\n', ['a'])]).toThrow(new CsvError(3, '3 fields where the header has 2'));
    expect(() => [...readCsvTable('', ['a'])]).toThrow(/empty/);
  });
});

describe('the common format', () => {
  it('reads interactions with opaque ids, a value of 1 when the column or the field is empty, and seconds or milliseconds or dates', () => {
    const dataset = parseInteractions('user_id,item_id,timestamp\n"u,1",007,881250949\nu2,7,1700000000000\nu2,007,2024-01-02T03:04:05Z\n');
    expect(dataset.userIds).toEqual(['u,1', 'u2']);
    expect(dataset.itemIds).toEqual(['007', '7']);
    expect([...dataset.items]).toEqual([0, 1, 0]);
    expect([...dataset.values]).toEqual([1, 1, 1]);
    expect([...dataset.times]).toEqual([881250949000, 1700000000000, Date.UTC(2024, 0, 2, 3, 4, 5)]);
    const rated = parseInteractions('user_id,item_id,timestamp,value\n1,2,3,4.5\n1,3,4,\n');
    expect([...rated.values]).toEqual([4.5, 1]);
  });

  it('refuses bad timestamps and values with the file and line', () => {
    expect(() => parseInteractions('user_id,item_id,timestamp\n1,2,3\n1,2,yesterday\n', 'x.csv')).toThrow(
      'x.csv: line 3: timestamp "yesterday" is neither a number nor a date',
    );
    expect(() => parseInteractions('user_id,item_id,timestamp,value\n1,2,3,five\n')).toThrow(/value "five" is not a number/);
    expect(() => parseInteractions('user_id,item_id,timestamp\n,2,3\n')).toThrow(/empty user_id/);
    expect(() => parseInteractions('user_id,item_id,timestamp\n')).toThrow(/no interactions/);
    expect(parseTimestamp('  ')).toBeUndefined();
  });

  it('attaches tags split on | to the catalogue and counts items nobody interacted with', () => {
    const dataset = parseInteractions('user_id,item_id,timestamp\n1,12,3\n1,14,4\n');
    attachItems(dataset, 'item_id,title,tags\n12,"Usual Suspects, The (1995)",Crime|Thriller\n99,Unseen,Drama\n14,"Postino, Il (1994)",\n');
    expect(dataset.itemTags).toEqual([['Crime', 'Thriller'], []]);
    expect(dataset.itemTitles).toEqual(['Usual Suspects, The (1995)', 'Postino, Il (1994)']);
    expect(dataset.itemsWithoutInteractions).toBe(1);
  });
});

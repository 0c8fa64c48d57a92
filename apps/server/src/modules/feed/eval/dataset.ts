import fs from 'node:fs';
import path from 'node:path';
import { CsvError, readCsvTable } from './csv.js';

/**
 * A data set in the common format (../shared/data/movielens-100k/README.md):
 * `interactions.csv` (user_id,item_id,timestamp[,value]) and an optional
 * `items.csv` (item_id,title,tags with tags joined by `|`). Ids are opaque
 * strings, mapped here to dense indices in order of first appearance.
 */
export interface Dataset {
  userIds: string[];
  /** The catalogue: every item with at least one interaction. */
  itemIds: string[];
  /** The interactions in file order, as parallel arrays. */
  users: Int32Array;
  items: Int32Array;
  /** Epoch milliseconds. */
  times: Float64Array;
  /** The file's value column (a rating), 1 when the column or the field is empty. */
  values: Float64Array;
  /** Per item index: its tags from items.csv, [] when it has none or there is no items.csv. */
  itemTags: string[][];
  itemTitles: (string | undefined)[];
  /** items.csv rows for items nobody interacted with: they are left out of the catalogue. */
  itemsWithoutInteractions: number;
  hasItemsFile: boolean;
}

/** The data set cannot be read as the common format; the message names the file and the line. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

export function loadDataset(directory: string): Dataset {
  const interactionsPath = path.join(directory, 'interactions.csv');
  const itemsPath = path.join(directory, 'items.csv');
  const dataset = parseInteractions(readText(interactionsPath), interactionsPath);
  if (fs.existsSync(itemsPath)) attachItems(dataset, readText(itemsPath), itemsPath);
  return dataset;
}

function readText(file: string): string {
  if (!fs.existsSync(file)) throw new DatasetError(`${file}: no such file`);
  return fs.readFileSync(file, 'utf8');
}

function located(file: string, error: unknown): never {
  if (error instanceof CsvError) throw new DatasetError(`${file}: ${error.message}`);
  throw error;
}

/** Unix seconds below this (year 5138), epoch milliseconds above: both conventions occur in public data sets. */
const SECONDS_LIMIT = 1e11;

/** A timestamp as epoch milliseconds: Unix seconds or milliseconds, or an ISO 8601 date. */
export function parseTimestamp(raw: string): number | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const number = Number(text);
  if (Number.isFinite(number)) return Math.abs(number) < SECONDS_LIMIT ? number * 1000 : number;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : date;
}

export function parseInteractions(text: string, file = 'interactions.csv'): Dataset {
  const userIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const userIds: string[] = [];
  const itemIds: string[] = [];
  const users: number[] = [];
  const items: number[] = [];
  const times: number[] = [];
  const values: number[] = [];
  try {
    for (const record of readCsvTable(text, ['user_id', 'item_id', 'timestamp'])) {
      const userId = record.get('user_id')!;
      const itemId = record.get('item_id')!;
      if (userId === '' || itemId === '') throw new CsvError(record.line, 'empty user_id or item_id');
      const time = parseTimestamp(record.get('timestamp')!);
      if (time === undefined) throw new CsvError(record.line, `timestamp "${record.get('timestamp')}" is neither a number nor a date`);
      const rawValue = record.get('value')?.trim() ?? '';
      const value = rawValue === '' ? 1 : Number(rawValue);
      if (!Number.isFinite(value)) throw new CsvError(record.line, `value "${rawValue}" is not a number`);
      users.push(indexOf(userIndex, userIds, userId));
      items.push(indexOf(itemIndex, itemIds, itemId));
      times.push(time);
      values.push(value);
    }
  } catch (error) {
    located(file, error);
  }
  if (users.length === 0) throw new DatasetError(`${file}: no interactions`);
  return {
    userIds,
    itemIds,
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    times: Float64Array.from(times),
    values: Float64Array.from(values),
    itemTags: itemIds.map(() => []),
    itemTitles: itemIds.map(() => undefined),
    itemsWithoutInteractions: 0,
    hasItemsFile: false,
  };
}

function indexOf(index: Map<string, number>, ids: string[], id: string): number {
  let found = index.get(id);
  if (found === undefined) {
    found = ids.length;
    index.set(id, found);
    ids.push(id);
  }
  return found;
}

export function attachItems(dataset: Dataset, text: string, file = 'items.csv'): void {
  const itemIndex = new Map(dataset.itemIds.map((id, index) => [id, index]));
  let without = 0;
  try {
    for (const record of readCsvTable(text, ['item_id'])) {
      const index = itemIndex.get(record.get('item_id')!);
      if (index === undefined) {
        without++;
        continue;
      }
      dataset.itemTitles[index] = record.get('title');
      dataset.itemTags[index] = [
        ...new Set(
          (record.get('tags') ?? '')
            .split('|')
            .map((tag) => tag.trim())
            .filter((tag) => tag !== ''),
        ),
      ];
    }
  } catch (error) {
    located(file, error);
  }
  dataset.itemsWithoutInteractions = without;
  dataset.hasItemsFile = true;
}

import { AppError } from '../../platform/http/errors.js';

/** Nothing left to search for once punctuation, symbols and spaces are set aside. */
export class SearchQueryEmptyError extends AppError {
  constructor() {
    super('invalid', 'SEARCH_QUERY_EMPTY', 'The query has no letters or digits to search for.');
  }
}

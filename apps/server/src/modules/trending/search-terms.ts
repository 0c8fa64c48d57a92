import { foldText } from '../search/index.js';

const WORDS = new Intl.Segmenter('und', { granularity: 'word' });

/** Fewer letters than this says nothing ("a", "咖"). */
const MIN_LETTERS = 2;
/** Longer queries are sentences, not topics. */
const MAX_LENGTH = 40;

/** Words that alone are not a topic, in the app's three languages (folded: "à" is "a"). */
const STOP_WORDS = new Set(
  [
    // English
    'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'do', 'for', 'from', 'he', 'her', 'his', 'how', 'i', 'if', 'in', 'is',
    'it', 'its', 'me', 'my', 'no', 'not', 'of', 'on', 'or', 'our', 'she', 'so', 'that', 'the', 'their', 'them', 'they', 'this',
    'to', 'up', 'us', 'was', 'we', 'what', 'when', 'where', 'who', 'why', 'with', 'you', 'your',
    // French
    'au', 'aux', 'avec', 'ce', 'ces', 'c', 'd', 'dans', 'de', 'des', 'du', 'elle', 'en', 'est', 'et', 'il', 'ils', 'j', 'je', 'l',
    'la', 'le', 'les', 'leur', 'lui', 'ma', 'mais', 'mes', 'mon', 'ne', 'nous', 'ou', 'par', 'pas', 'pour', 'qu', 'que', 'qui',
    's', 'sa', 'se', 'ses', 'son', 'sur', 'ta', 'te', 'tes', 'toi', 'ton', 'tu', 'un', 'une', 'vos', 'votre', 'vous', 'y',
    // Chinese
    '的', '了', '是', '在', '我', '你', '他', '她', '它', '们', '我们', '你们', '他们', '和', '与', '也', '就', '都', '很', '吗',
    '呢', '吧', '啊', '这', '那', '这个', '那个', '有', '没有', '不', '一', '个', '什么', '怎么', '我的', '你的', '他的', '她的', '的话',
  ].map(foldText),
);

export interface SearchTerm {
  /** Folded, punctuation as single spaces: "Été à Paris!" and "ete a paris" are one term. */
  key: string;
  /** As typed, punctuation as single spaces. */
  display: string;
}

/** The hot-search term a query stands for, or null when it is too short or only stop words. */
export function searchTerm(query: string): SearchTerm | null {
  const display = query.normalize('NFC').replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ').trim();
  const key = foldText(display);
  if ([...key.replaceAll(' ', '')].length < MIN_LETTERS || [...key].length > MAX_LENGTH) return null;
  const words = [...WORDS.segment(key)].filter((segment) => segment.isWordLike).map((segment) => segment.segment);
  if (words.every((word) => STOP_WORDS.has(word))) return null;
  return { key, display };
}

/** What the demo community posts about. */
export const TOPICS = ['beauty', 'fashion', 'food', 'travel', 'tech'] as const;
export type Topic = (typeof TOPICS)[number];

/** The three languages of the demo, as accounts store them. */
export const LANGUAGES = ['zh-CN', 'fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Every note carries its topic's tag in its language, so the topic of any
 * demo note can be found from its hashtags (and the tests check all fifteen).
 * Chinese uses Weibo's closed form `#话题#`, French and English the open `#tag`.
 */
export const TOPIC_TAGS: Record<Topic, Record<Language, string>> = {
  beauty: { 'zh-CN': '美妆', fr: 'beauté', en: 'beauty' },
  fashion: { 'zh-CN': '穿搭', fr: 'mode', en: 'fashion' },
  food: { 'zh-CN': '美食', fr: 'cuisine', en: 'food' },
  travel: { 'zh-CN': '旅行', fr: 'voyage', en: 'travel' },
  tech: { 'zh-CN': '数码', fr: 'hightech', en: 'tech' },
};

/** A hashtag written the way people of that language write it. */
export function hashtag(name: string, language: Language): string {
  return language === 'zh-CN' ? `#${name}#` : `#${name}`;
}

import type { Locale, Role } from '@souk/contracts';
import type { Topic } from './topics.js';

export interface DemoPerson {
  handle: string;
  displayName: string;
  role: Role;
  verified?: boolean;
  bio: string;
  locale: Locale;
  /** What they post about. */
  topics: Topic[];
}

export const DEMO_PASSWORD = 'souk-demo-2026';

/** The demo community: a few brands and creators whom most people follow, and ordinary members. */
export const DEMO_PEOPLE: DemoPerson[] = [
  { handle: 'demo', displayName: 'Demo', role: 'user', bio: 'The account to try Souk with.', locale: 'en', topics: ['food', 'travel', 'tech'] },
  { handle: 'admin', displayName: 'Souk Admin', role: 'admin', verified: true, bio: 'Runs this Souk.', locale: 'en', topics: ['tech'] },
  { handle: 'mod_lea', displayName: 'Léa (modération)', role: 'moderator', bio: 'Modératrice de la communauté.', locale: 'fr', topics: ['travel'] },
  // Brands
  { handle: 'maison_lumiere', displayName: 'Maison Lumière', role: 'merchant', verified: true, bio: 'Parfums et soins, Grasse depuis 1921.', locale: 'fr', topics: ['beauty'] },
  { handle: 'chayu_tea', displayName: '茶语 Chayu Tea', role: 'merchant', verified: true, bio: '云南高山茶，从茶园到茶杯。', locale: 'zh-CN', topics: ['food'] },
  { handle: 'urbanrun', displayName: 'UrbanRun', role: 'merchant', verified: true, bio: 'Running shoes for city streets.', locale: 'en', topics: ['fashion'] },
  { handle: 'pixelfone', displayName: 'PixelFone', role: 'merchant', verified: true, bio: 'Phones and gadgets, repaired not replaced.', locale: 'en', topics: ['tech'] },
  { handle: 'boulangerie_ble', displayName: 'Boulangerie Blé d’Or', role: 'merchant', bio: 'Pain au levain, viennoiseries, Lyon 2e.', locale: 'fr', topics: ['food'] },
  { handle: 'xiaomian_kitchen', displayName: '小面厨房', role: 'merchant', bio: '重庆小面，麻辣鲜香。', locale: 'zh-CN', topics: ['food'] },
  // Creators (KOLs)
  { handle: 'lina_beauty', displayName: '林娜 Lina', role: 'creator', verified: true, bio: '美妆博主｜敏感肌护肤心得', locale: 'zh-CN', topics: ['beauty'] },
  { handle: 'chef_marcel', displayName: 'Chef Marcel', role: 'creator', verified: true, bio: 'Cuisine de bistrot, en 15 minutes.', locale: 'fr', topics: ['food'] },
  { handle: 'xiaoyu_travels', displayName: '小雨去旅行', role: 'creator', verified: true, bio: '走遍山河｜旅行攻略与小众目的地', locale: 'zh-CN', topics: ['travel'] },
  { handle: 'techwei', displayName: '魏科技 Wei Tech', role: 'creator', bio: '数码评测，真话实说。', locale: 'zh-CN', topics: ['tech'] },
  { handle: 'camille_style', displayName: 'Camille Style', role: 'creator', verified: true, bio: 'Mode seconde main et capsule wardrobe.', locale: 'fr', topics: ['fashion'] },
  { handle: 'ava_moves', displayName: 'Ava Moves', role: 'creator', bio: 'Pilates, running and honest gear reviews.', locale: 'en', topics: ['fashion', 'tech'] },
  { handle: 'noah_eats', displayName: 'Noah Eats', role: 'creator', bio: 'Street food from every city I land in.', locale: 'en', topics: ['food', 'travel'] },
  // Members
  { handle: 'zhang_wei', displayName: '张伟', role: 'user', bio: '喜欢摄影和咖啡。', locale: 'zh-CN', topics: ['travel', 'tech'] },
  { handle: 'wang_fang', displayName: '王芳', role: 'user', bio: '', locale: 'zh-CN', topics: ['fashion'] },
  { handle: 'li_na88', displayName: '李娜', role: 'user', bio: '上海｜美食探店', locale: 'zh-CN', topics: ['food'] },
  { handle: 'chen_jie', displayName: '陈杰', role: 'user', bio: '程序员，周末爬山。', locale: 'zh-CN', topics: ['tech', 'travel'] },
  { handle: 'liu_yang', displayName: '刘洋', role: 'user', bio: '', locale: 'zh-CN', topics: ['food'] },
  { handle: 'huang_min', displayName: '黄敏', role: 'user', bio: '护肤成分党', locale: 'zh-CN', topics: ['beauty'] },
  { handle: 'chloe_m', displayName: 'Chloé Martin', role: 'user', bio: 'Paris, café, vélo.', locale: 'fr', topics: ['food', 'travel'] },
  { handle: 'hugo_b', displayName: 'Hugo Bernard', role: 'user', bio: 'Étudiant en design.', locale: 'fr', topics: ['fashion', 'tech'] },
  { handle: 'ines_petit', displayName: 'Inès Petit', role: 'user', bio: '', locale: 'fr', topics: ['beauty'] },
  { handle: 'theo_durand', displayName: 'Théo Durand', role: 'user', bio: 'Randonnée et photo argentique.', locale: 'fr', topics: ['travel'] },
  { handle: 'manon_leroy', displayName: 'Manon Leroy', role: 'user', bio: 'Je teste tout ce qui sent bon.', locale: 'fr', topics: ['beauty', 'fashion'] },
  { handle: 'emma_j', displayName: 'Emma Johnson', role: 'user', bio: 'Plant mum. Tea over coffee.', locale: 'en', topics: ['food'] },
  { handle: 'liam_s', displayName: 'Liam Smith', role: 'user', bio: '', locale: 'en', topics: ['tech'] },
  { handle: 'olivia_b', displayName: 'Olivia Brown', role: 'user', bio: 'Runner, reader, occasional baker.', locale: 'en', topics: ['food', 'fashion'] },
  { handle: 'mason_lee', displayName: 'Mason Lee', role: 'user', bio: 'Gadgets and good noodles.', locale: 'en', topics: ['tech', 'food'] },
  { handle: 'sofia_g', displayName: 'Sofía García', role: 'user', bio: 'Madrid → Lyon.', locale: 'fr', topics: ['travel', 'food'] },
  { handle: 'yuki_t', displayName: '田中ゆき', role: 'user', bio: '旅とお茶。', locale: 'en', topics: ['travel'] },
  { handle: 'amir_k', displayName: 'أمير كريم', role: 'user', bio: '', locale: 'en', topics: ['tech'] },
];

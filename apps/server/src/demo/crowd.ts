import type { DemoPerson } from './people.js';
import type { Random } from './random.js';
import { TOPICS, type Language, type Topic } from './topics.js';

/**
 * The rest of the demo community, generated: creators of middling fame and
 * ordinary members, a third each writing in Chinese, French and English,
 * named the way people of each language name themselves online.
 */

type Named = [display: string, handle: string];

const ZH_SURNAMES: Named[] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'],
  ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'], ['林', 'lin'],
  ['何', 'he'], ['高', 'gao'], ['罗', 'luo'], ['郑', 'zheng'], ['梁', 'liang'], ['谢', 'xie'], ['唐', 'tang'], ['韩', 'han'],
  ['冯', 'feng'], ['邓', 'deng'], ['曹', 'cao'], ['彭', 'peng'], ['苏', 'su'],
];
const ZH_GIVEN: Named[] = [
  ['欣怡', 'xinyi'], ['子涵', 'zihan'], ['浩然', 'haoran'], ['雨桐', 'yutong'], ['梓萱', 'zixuan'], ['俊杰', 'junjie'], ['思远', 'siyuan'],
  ['佳琪', 'jiaqi'], ['宇轩', 'yuxuan'], ['诗涵', 'shihan'], ['晨曦', 'chenxi'], ['一鸣', 'yiming'], ['若溪', 'ruoxi'], ['嘉怡', 'jiayi'],
  ['天宇', 'tianyu'], ['可馨', 'kexin'], ['明轩', 'mingxuan'], ['婉清', 'wanqing'], ['子豪', 'zihao'], ['梦瑶', 'mengyao'], ['静怡', 'jingyi'],
  ['博文', 'bowen'], ['雅琪', 'yaqi'], ['志强', 'zhiqiang'], ['晓雯', 'xiaowen'], ['文博', 'wenbo'],
];
/** Online nicknames, as many Chinese users prefer to their names. */
const ZH_NICKNAMES: Named[] = [
  ['小鹿爱吃草', 'xiaolu'], ['橘子汽水', 'juzi_soda'], ['一颗柠檬', 'lemon'], ['今天也要加油鸭', 'jiayouya'], ['山间清风', 'qingfeng'],
  ['喵喵不吃鱼', 'miaomiao'], ['奶茶续命中', 'naicha'], ['晚风', 'wanfeng'], ['周末去看海', 'kanhai'], ['草莓味的云', 'caomei_yun'],
  ['吃不胖的桃子', 'taozi'], ['背包客小林', 'backpacker_lin'], ['咖啡不加糖', 'nosugar'], ['躺平的猫', 'tangping_cat'], ['早睡早起', 'zaoshui'],
  ['月亮邮递员', 'moon_post'], ['半糖主义', 'bantang'], ['热爱生活的胖虎', 'panghu'], ['云朵收集者', 'yunduo'], ['慢半拍', 'manbanpai'],
];
const FR_FIRST = [
  'Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Jade', 'Louise', 'Alice', 'Lina', 'Zoé', 'Juliette', 'Clara', 'Anaïs', 'Mathilde', 'Élise',
  'Margaux', 'Pauline', 'Romane', 'Océane', 'Lucas', 'Hugo', 'Louis', 'Gabriel', 'Arthur', 'Jules', 'Raphaël', 'Nathan', 'Théo',
  'Maxime', 'Antoine', 'Paul', 'Baptiste', 'Timothée', 'Quentin', 'Valentin', 'Bastien', 'Yasmine', 'Karim', 'Nadia', 'Mehdi',
];
const FR_LAST = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre',
  'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert',
  'Bonnet', 'François', 'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Chevalier', 'Benali', 'Nguyen', 'Haddad',
];
const EN_FIRST = [
  'Olivia', 'Amelia', 'Isla', 'Mia', 'Ivy', 'Lily', 'Sophia', 'Grace', 'Ella', 'Harper', 'Zoe', 'Nora', 'Ruby', 'Hannah', 'Jack',
  'Oliver', 'Leo', 'George', 'Harry', 'Henry', 'Ethan', 'Lucas', 'Jacob', 'Daniel', 'Samuel', 'James', 'Ryan', 'Aiden', 'Caleb',
  'Priya', 'Aisha', 'Maya', 'Kenji', 'Sam', 'Alex', 'Jordan', 'Taylor', 'Chioma', 'Diego', 'Mei',
];
const EN_LAST = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Davies', 'Evans', 'Wilson', 'Roberts', 'Walker', 'Wright', 'Robinson', 'Thompson', 'White',
  'Hughes', 'Edwards', 'Green', 'Hall', 'Wood', 'Harris', 'Clarke', 'Patel', 'Nguyen', 'Kim', 'Murphy', 'Kelly', 'Walsh', 'Carter',
  'Mitchell', 'Baker', 'Cooper', 'Turner', 'Parker', 'Collins', 'Okafor', 'Ward', 'Khan', 'Rossi', 'Chen',
];

const MEMBER_BIOS: Record<Language, Record<Topic, string[]>> = {
  'zh-CN': {
    beauty: ['护肤成分党', '干皮｜美妆爱好者', '敏感肌自救中', '口红收集癖'],
    fashion: ['小个子穿搭', '每天分享OOTD', '极简主义衣橱', '古着爱好者'],
    food: ['吃货一枚', '在家做饭的打工人', '探店达人', '甜品控'],
    travel: ['在路上', '去过23个城市', '周末旅行家', '爱拍照的背包客'],
    tech: ['数码爱好者', '程序员', '桌面控', '摄影发烧友'],
  },
  fr: {
    beauty: ['Accro au skincare', 'Peau sensible et curieuse', 'Je teste, je raconte', 'Parfums et rouges à lèvres'],
    fashion: ['Friperie addict', 'Style minimaliste', 'Seconde main avant tout', 'Un look par jour'],
    food: ['Gourmande assumée', 'Cuisine du marché', 'Toujours en quête de la bonne adresse', 'Pâtisserie du dimanche'],
    travel: ['Sac à dos et train de nuit', 'Voyages lents', 'Randonnée et photo', 'Toujours entre deux trains'],
    tech: ['Geek du quotidien', 'Développeur', 'Photo et gadgets', 'Réparer plutôt que jeter'],
  },
  en: {
    beauty: ['Skincare nerd', 'Sensitive skin, curious mind', 'Lipstick hoarder', 'Honest beauty reviews'],
    fashion: ['Thrift store regular', 'Minimal wardrobe', 'Outfit diaries', 'Slow fashion fan'],
    food: ['Will travel for noodles', 'Home cook', 'Always hungry', 'Weekend baker'],
    travel: ['Carry-on only', 'Slow travel', 'Hiking and film photos', 'Collecting passport stamps'],
    tech: ['Gadget person', 'Software engineer', 'Desk setup enthusiast', 'Photography and code'],
  },
};

const CREATOR_BIOS: Record<Language, Record<Topic, string>> = {
  'zh-CN': {
    beauty: '美妆博主｜成分党，只说真话',
    fashion: '穿搭博主｜小个子也能穿出高级感',
    food: '美食博主｜每周更新家常菜',
    travel: '旅行博主｜小众目的地攻略',
    tech: '数码博主｜不恰烂饭',
  },
  fr: {
    beauty: 'Créatrice beauté · avis honnêtes',
    fashion: 'Mode éthique et seconde main',
    food: 'Recettes simples, produits de saison',
    travel: 'Carnets de voyage et bonnes adresses',
    tech: 'Tests high-tech sans langue de bois',
  },
  en: {
    beauty: 'Beauty creator · honest reviews only',
    fashion: 'Style creator · capsule wardrobes',
    food: 'Food creator · recipes every Tuesday',
    travel: 'Travel creator · off the beaten path',
    tech: 'Tech creator · no fluff reviews',
  },
};

const CITIES: Record<Language, string[]> = {
  'zh-CN': ['上海', '北京', '成都', '杭州', '广州', '深圳', '重庆', '南京', '西安', '厦门'],
  fr: ['Paris', 'Lyon', 'Marseille', 'Bordeaux', 'Nantes', 'Lille', 'Toulouse', 'Rennes'],
  en: ['London', 'New York', 'Toronto', 'Sydney', 'Dublin', 'Chicago', 'Austin', 'Manchester'],
};

/** Handles are ASCII by design: accents dropped, spaces and dots become underscores. */
function handleFrom(parts: string[]): string {
  return parts
    .join('_')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '');
}

function name(language: Language, r: Random): { displayName: string; handle: string } {
  if (language === 'zh-CN') {
    if (r.chance(0.45)) {
      const [display, handle] = r.pick(ZH_NICKNAMES);
      return { displayName: display, handle: `${handle}_${r.int(10, 999)}` };
    }
    const [surname, surnameHandle] = r.pick(ZH_SURNAMES);
    const [given, givenHandle] = r.pick(ZH_GIVEN);
    return { displayName: `${surname}${given}`, handle: r.chance(0.5) ? handleFrom([surnameHandle, givenHandle]) : `${givenHandle}${r.int(1, 99)}` };
  }
  const [firsts, lasts] = language === 'fr' ? [FR_FIRST, FR_LAST] : [EN_FIRST, EN_LAST];
  const first = r.pick(firsts);
  const last = r.pick(lasts);
  const style = r.int(0, 2);
  if (style === 0) return { displayName: `${first} ${last}`, handle: handleFrom([first, last]) };
  if (style === 1) return { displayName: `${first} ${last[0]}.`, handle: handleFrom([first, last[0]!]) };
  return { displayName: first, handle: `${handleFrom([first])}${r.int(1, 99)}` };
}

function bio(language: Language, topics: Topic[], creator: boolean, r: Random): string {
  if (creator) return CREATOR_BIOS[language][topics[0]!];
  if (r.chance(0.25)) return '';
  const about = r.pick(MEMBER_BIOS[language][topics[0]!]);
  if (!r.chance(0.5)) return about;
  const city = r.pick(CITIES[language]);
  return language === 'zh-CN' ? `${about}｜坐标${city}` : `${about} · ${city}`;
}

export interface CrowdSize {
  creators: number;
  members: number;
}

/** Generated people, none sharing a handle with `taken` (nor with each other). */
export function demoCrowd(size: CrowdSize, taken: Iterable<string>, r: Random): DemoPerson[] {
  const used = new Set(taken);
  const people: DemoPerson[] = [];
  const languages: Language[] = ['zh-CN', 'fr', 'en'];
  for (let i = 0; i < size.creators + size.members; i++) {
    const creator = i < size.creators;
    // Round-robin keeps the three languages at a third each.
    const language = languages[i % 3]!;
    const topics = creator ? [TOPICS[Math.floor(i / 3) % TOPICS.length]!] : r.sample(TOPICS, r.chance(0.6) ? 1 : 2);
    let { displayName, handle } = name(language, r);
    handle = handle.slice(0, 26);
    while (used.has(handle) || handle.length < 3) handle = `${handle.slice(0, 26)}${r.int(1, 999)}`;
    used.add(handle);
    people.push({
      handle,
      displayName,
      role: creator ? 'creator' : 'user',
      verified: creator && r.chance(0.35),
      bio: bio(language, topics, creator, r),
      locale: language,
      topics,
    });
  }
  return people;
}

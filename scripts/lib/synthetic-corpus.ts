/**
 * Deterministic synthetic Meridian Review articles for load and pagination tests.
 *
 * Each article is derived only from (seed, index, count), so any single article can be rebuilt on its own:
 * the CLI streams them to disk without holding the corpus in memory, and bodies can link to other
 * synthetic articles by computing just their headers. No Math.random and no clock: the same arguments
 * always produce byte-identical output.
 */
import { readFileSync } from 'node:fs';
import type { Article, ArticleAuthor, ArticleImage } from '../../src/schema/article';
import { AuthorTerm, REGIONS, TagTerm, type Kind, type Region } from '../../src/schema/taxonomy';

const SITE = 'https://meridian-review.example';
const MEDIA = 'https://media.meridian-review.example';
/** The corpus "now": the newest synthetic article is published just before this instant. */
const END_MS = Date.parse('2026-11-27T12:00:00Z');
const YEAR_MS = 365.25 * 24 * 3600 * 1000;

// ---------------------------------------------------------------- randomness

type Rng = () => number;

/** mulberry32: tiny, fast and good enough for test data; returns floats in [0, 1). */
export function mulberry32(state: number): Rng {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes seed and index so neighbouring articles get unrelated streams (murmur3 finaliser). */
function articleRng(seed: number, index: number): Rng {
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return mulberry32(h);
}

const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const chance = (rng: Rng, p: number): boolean => rng() < p;

/** Distinct items, order as drawn (the first region is the primary one, so order matters). */
function pickDistinct<T>(rng: Rng, list: readonly T[], n: number): T[] {
  const pool = [...list];
  const out: T[] = [];
  for (let i = 0; i < n && pool.length > 0; i++) out.push(pool.splice(Math.floor(rng() * pool.length), 1)[0]!);
  return out;
}

function weighted<T extends string>(rng: Rng, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  let r = rng() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) if ((r -= w) < 0) return k;
  return entries[entries.length - 1]![0];
}

// ---------------------------------------------------------------- vocabulary

interface Place {
  countries: readonly string[];
  cities: readonly string[];
  institutions: readonly string[];
  label: string;
}

const GLOBAL_INSTITUTIONS = [
  'the United Nations',
  'the IMF',
  'the World Bank',
  'the WTO',
  'the IAEA',
  'the Security Council',
  'the G20',
  'the World Food Programme',
  'the UN refugee agency',
];

const PLACES: Record<Region, Place> = {
  'asia-pacific': {
    label: 'Asia',
    countries: [
      'China',
      'Japan',
      'India',
      'Indonesia',
      'the Philippines',
      'Vietnam',
      'Australia',
      'South Korea',
      'Pakistan',
      'Malaysia',
      'Thailand',
      'Taiwan',
    ],
    cities: [
      'Beijing',
      'Tokyo',
      'New Delhi',
      'Jakarta',
      'Manila',
      'Hanoi',
      'Canberra',
      'Seoul',
      'Islamabad',
      'Kuala Lumpur',
      'Bangkok',
      'Taipei',
      'Singapore',
    ],
    institutions: ['ASEAN', 'the Asian Development Bank', 'the Quad', 'the Pacific Islands Forum'],
  },
  'middle-east': {
    label: 'the Middle East',
    countries: [
      'Iran',
      'Saudi Arabia',
      'the UAE',
      'Qatar',
      'Israel',
      'Egypt',
      'Jordan',
      'Iraq',
      'Türkiye',
      'Oman',
      'Lebanon',
    ],
    cities: [
      'Tehran',
      'Riyadh',
      'Abu Dhabi',
      'Doha',
      'Jerusalem',
      'Cairo',
      'Amman',
      'Baghdad',
      'Ankara',
      'Muscat',
      'Beirut',
    ],
    institutions: ['the Gulf Cooperation Council', 'the Arab League', 'OPEC'],
  },
  europe: {
    label: 'Europe',
    countries: [
      'Germany',
      'France',
      'Poland',
      'Ukraine',
      'Italy',
      'Spain',
      'the Netherlands',
      'Sweden',
      'Finland',
      'Romania',
      'the United Kingdom',
      'Hungary',
    ],
    cities: [
      'Berlin',
      'Paris',
      'Warsaw',
      'Kyiv',
      'Rome',
      'Madrid',
      'The Hague',
      'Stockholm',
      'Helsinki',
      'Bucharest',
      'London',
      'Brussels',
      'Zürich',
      'Kraków',
    ],
    institutions: [
      'the European Commission',
      'NATO',
      'the OSCE',
      'the European Parliament',
      'the European Central Bank',
    ],
  },
  africa: {
    label: 'Africa',
    countries: [
      'Nigeria',
      'Kenya',
      'Ethiopia',
      'South Africa',
      'Senegal',
      'Niger',
      'Mali',
      'the DRC',
      'Ghana',
      'Sudan',
      'Zambia',
      'Morocco',
    ],
    cities: [
      'Abuja',
      'Nairobi',
      'Addis Ababa',
      'Pretoria',
      'Dakar',
      'Niamey',
      'Bamako',
      'Kinshasa',
      'Accra',
      'Lusaka',
      'Port Sudan',
      'Rabat',
    ],
    institutions: ['the African Union', 'ECOWAS', 'the African Development Bank'],
  },
  'latin-america': {
    label: 'Latin America',
    countries: [
      'Brazil',
      'Mexico',
      'Colombia',
      'Argentina',
      'Chile',
      'Peru',
      'Venezuela',
      'Ecuador',
      'Guatemala',
      'Panama',
    ],
    cities: [
      'Brasília',
      'São Paulo',
      'Mexico City',
      'Bogotá',
      'Buenos Aires',
      'Santiago',
      'Lima',
      'Caracas',
      'Quito',
      'Panama City',
    ],
    institutions: ['Mercosur', 'the Organization of American States', 'the Inter-American Development Bank'],
  },
  'north-america': {
    label: 'North America',
    countries: ['the United States', 'Canada'],
    cities: ['Washington', 'Ottawa', 'New York', 'Toronto', 'Houston', 'Los Angeles', 'Montréal'],
    institutions: ['Congress', 'the State Department', 'the Treasury', 'the Federal Reserve'],
  },
  global: {
    label: 'the world',
    countries: ['the G7', 'the G20', 'the BRICS group', 'the Paris Club', 'the OECD'],
    cities: ['Geneva', 'New York', 'Vienna', 'Nairobi', 'Bonn'],
    institutions: GLOBAL_INSTITUTIONS,
  },
};

const THINK_TANKS = [
  'the Lisbon Centre for Global Affairs',
  'the Nairobi Policy Forum',
  'the Pacific Security Institute',
  'the Andes Research Group',
  'the Baltic Defence Review',
  'the Centre for Maritime Affairs',
  'the Gulf Economic Observatory',
  'the Atlantic Trade Lab',
  'the Institute for Sahel Studies',
];
const PEOPLE = [
  'Ana Ribeiro',
  'Kwame Mensah',
  'Sofia Lindqvist',
  'Rahul Mehta',
  'Yusuf Demir',
  'Mei Tanaka',
  'Olga Petrenko',
  'Carlos Medina',
  'Fatima Zahra El Idrissi',
  'Jonas Becker',
  'Aiko Suzuki',
  'Tomás Herrera',
  'Leila Karimi',
  'Nguyễn Thu Hà',
  'Chidi Eze',
  'Hanna Kowalska',
  'Søren Dahl',
  'Inês Carvalho',
];
const ROLES = [
  'a former trade negotiator',
  'an economist',
  'a senior diplomat',
  'a researcher',
  'a defence analyst',
  'a humanitarian official',
  'an energy consultant',
  'a former minister',
  'a shipping analyst',
];
const PROGRESS = ['some', 'limited', 'real', 'little', 'uneven', 'steady', 'unexpected'];
const ISSUES = [
  'the question of financing',
  'the sequencing of commitments',
  'verification',
  'the role of outside powers',
  'the timetable for implementation',
  'the legal status of the agreement',
  'who would pay for it',
  'how disputes would be settled',
  'the scope of exemptions',
  'access for independent monitors',
];
const GOALS = [
  'reassure foreign investors',
  'rebuild relations with its neighbours',
  'secure new sources of energy',
  'diversify its export markets',
  'contain inflation without cutting social spending',
  'strengthen its position ahead of the next round of talks',
  'persuade allies to share more of the burden',
  'keep a fragile coalition together',
  'attract manufacturing investment away from its rivals',
];
const METRICS = [
  'exports of manufactured goods',
  'defence spending',
  'the number of asylum applications',
  'imports of liquefied natural gas',
  'foreign direct investment',
  'public debt',
  'food prices',
  'remittances',
  'freight rates',
  'the cost of borrowing',
  'grain shipments',
];
const CLAIMS = [
  'the current approach underestimates domestic politics',
  'the numbers matter less than the trend',
  'the agreement will be judged by its implementation rather than its text',
  'the crisis has been building for years',
  'outside powers have less leverage than they assume',
  'the costs will fall mostly on the poorest households',
  'the window for a negotiated outcome is narrowing',
  'markets have been too slow to price the risk',
  'the institutions involved were designed for a different era',
];
const RANKS = ['largest', 'second-largest', 'smallest', 'fastest', 'slowest'];
const ADJECTIVES = ['Quiet', 'Costly', 'Fragile', 'Unfinished', 'Crowded', 'Uneasy', 'Shifting', 'Long'];
const ACTIONS = ['Co-operate', 'Resume Talks', 'Share Data', 'Open Consultations', 'Set Targets', 'Coordinate Policy'];
const POLICIES = ['Strategy', 'Doctrine', 'Budget', 'Law', 'Partnership', 'Framework'];
const RISKS = ['Delays', 'Shortfalls', 'Escalation', 'Price Spikes', 'Gridlock', 'Defaults'];
const HEADINGS = [
  'What changed',
  'Why it matters',
  'The numbers',
  'What comes next',
  'The politics',
  'Winners and losers',
  'The regional picture',
  'Risks ahead',
  'What to watch',
  'The view from the capitals',
];
/** Without final punctuation: the caller adds a comma (attributed) or a full stop (blockquote). */
const QUOTES = [
  'The question is not whether this will happen, but how fast',
  'Nobody wants to be the first to blink',
  'We have plans for every scenario except the one we are in',
  'Every agreement looks better on paper than on the ground',
  'Money follows stability, and stability follows money',
  'The details will decide everything',
  'We are negotiating with the calendar as much as with each other',
];
const EXTERNAL_LINKS = [
  ['https://www.un.org/en/', 'the United Nations'],
  ['https://www.imf.org/en/Publications', 'IMF publications'],
  ['https://www.worldbank.org/en/research', 'World Bank research'],
  ['https://www.wto.org/english/res_e/statis_e/statis_e.htm', 'WTO trade statistics'],
  ['https://www.iaea.org/newscenter', 'the IAEA'],
  ['https://reliefweb.int/', 'ReliefWeb'],
  ['https://data.worldbank.org/', 'World Bank open data'],
] as const;
const PHOTOGRAPHERS = [
  'Andriy Kovalenko',
  'Marisol Dizon',
  'Carmen Ruiz',
  'Wang Hao',
  'Thabo Nkosi',
  'Ingrid Berg',
  'Rafael Monteiro',
  'Layla Al-Mansoori',
];
const SCENES = [
  'Delegates talk in the corridor of a conference centre',
  'Container ships wait at anchor off a busy port',
  'A convoy of aid trucks crosses a dusty plain',
  'Officials shake hands in front of national flags',
  'Workers inspect equipment at an industrial site',
  'A crowded market street at dusk',
  'A coast guard vessel patrols calm blue water',
  'Solar panels stretch across a desert plain',
];
const IMAGE_DIMS = [
  [1600, 900],
  [1600, 900],
  [1600, 1067],
  [2000, 1125],
  [1200, 800],
  [2048, 1152],
] as const;

// ---------------------------------------------------------------- taxonomy

interface TaxonomyTerm {
  slug: string;
  name: string;
  url?: string | undefined;
}

/**
 * Read with fs rather than a JSON import: the shared tsconfig targets ES2022 modules, which rejects import
 * attributes, and plain Node needs them. Parsing with the term schemas makes a broken taxonomy fail loudly here.
 */
function loadTerms<T extends TaxonomyTerm>(file: string, schema: { parse(data: unknown): T }): readonly T[] {
  const data: unknown = JSON.parse(readFileSync(new URL(`../../fixtures/taxonomy/${file}`, import.meta.url), 'utf8'));
  if (!Array.isArray(data) || data.length === 0) throw new Error(`fixtures/taxonomy/${file} must be a non-empty array`);
  return data.map((term) => schema.parse(term));
}

const TAGS: readonly TaxonomyTerm[] = loadTerms('tags.json', TagTerm);
const AUTHORS: readonly TaxonomyTerm[] = loadTerms('authors.json', AuthorTerm);

/** Tags whose display name is a common noun; prose wants "critical minerals", not "Critical Minerals". */
const COMMON_NOUN_TAGS = new Set([
  'sanctions',
  'trade',
  'energy',
  'climate',
  'nuclear-proliferation',
  'arms-control',
  'elections',
  'migration',
  'semiconductors',
  'critical-minerals',
  'diplomacy',
  'defence-spending',
  'cybersecurity',
  'food-security',
  'debt',
  'shipping',
  'humanitarian-aid',
]);

/** Names that take an article in running text ("talks on the Sahel"). */
const WITH_ARTICLE = new Set(['sahel', 'gulf-states', 'arctic', 'united-nations', 'european-union', 'south-china-sea']);

function topicPhrase(tag: TaxonomyTerm): string {
  if (COMMON_NOUN_TAGS.has(tag.slug)) return tag.name.toLowerCase();
  return WITH_ARTICLE.has(tag.slug) ? `the ${tag.name}` : tag.name;
}

// ---------------------------------------------------------------- headers

interface Header {
  index: number;
  kind: Kind;
  regions: Region[];
  tags: TaxonomyTerm[];
  title: string;
  slug: string;
  publishedAt: string;
  publishedMs: number;
  url: string;
}

/** Tags that plausibly lead a story filed under each primary region, so titles read coherently. */
const REGION_TAGS: Record<Region, readonly string[]> = {
  'asia-pacific': ['china', 'taiwan', 'japan', 'india', 'pakistan', 'south-china-sea', 'semiconductors', 'north-korea'],
  'middle-east': ['iran', 'israel', 'gaza', 'gulf-states', 'turkey', 'energy'],
  europe: ['ukraine', 'russia', 'nato', 'european-union', 'arctic', 'defence-spending'],
  africa: ['sahel', 'ethiopia', 'critical-minerals', 'food-security', 'humanitarian-aid', 'debt'],
  'latin-america': ['brazil', 'mexico', 'venezuela', 'critical-minerals', 'migration'],
  'north-america': ['trade', 'sanctions', 'elections', 'arctic', 'semiconductors', 'migration'],
  global: [
    'climate',
    'united-nations',
    'nuclear-proliferation',
    'arms-control',
    'debt',
    'shipping',
    'trade',
    'food-security',
  ],
};

/** 2-6 distinct tags; the first (which drives the title) is drawn from the primary region's usual topics. */
function pickTags(rng: Rng, primary: Region): TaxonomyTerm[] {
  const affine = TAGS.filter((t) => REGION_TAGS[primary].includes(t.slug));
  const lead = affine.length > 0 ? pick(rng, affine) : pick(rng, TAGS);
  return [
    lead,
    ...pickDistinct(
      rng,
      TAGS.filter((t) => t !== lead),
      int(rng, 1, 5),
    ),
  ];
}

/** Offsets a CMS editor in Singapore, Washington or Paris would send; most articles are plain UTC. */
const OFFSETS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 480, -300, 60, 120];

function formatTimestamp(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Seconds between consecutive articles; >= ~6311 s for every allowed count, so timestamps never collide. */
function stepSeconds(count: number): number {
  const years = Math.max(2, count / 5000);
  return (years * YEAR_MS) / 1000 / count;
}

function makeTitle(rng: Rng, place: Place, topic: string): string {
  const country = titleCase(pick(rng, place.countries));
  const title = ((): string => {
    switch (int(rng, 0, 6)) {
      case 0: {
        const partner = titleCase(
          pick(
            rng,
            place.countries.concat(PLACES.global.countries).filter((c) => titleCase(c) !== country),
          ),
        );
        return `${country} and ${partner} Agree to ${pick(rng, ACTIONS)} on ${topic}`;
      }
      case 1:
        return `Why ${country}'s ${topic} Gamble Is Harder Than It Looks`;
      case 2:
        return `${pick(rng, place.cities)} Talks on ${topic} End Without a Deal`;
      case 3:
        return `The ${pick(rng, ADJECTIVES)} Politics of ${topic} in ${titleCase(place.label)}`;
      case 4:
        return `${titleCase(pick(rng, place.institutions.concat(GLOBAL_INSTITUTIONS)))} Warns of ${pick(rng, RISKS)} as ${topic} Pressures Mount`;
      case 5:
        return `What ${country}'s New ${pick(rng, POLICIES)} Means for ${topic}`;
      default:
        return `${topic} & Security: ${cap(country)} Weighs Its Options`;
    }
  })();
  return cap(title);
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const SMALL_WORDS = new Set(['the', 'of', 'and', 'in', 'on', 'for', 'a', 'to']);
/** Headline case for names dropped into titles: "the BRICS group" -> "the BRICS Group". */
const titleCase = (s: string): string =>
  s
    .split(' ')
    .map((w) => (SMALL_WORDS.has(w) ? w : cap(w)))
    .join(' ');

/** ASCII slug words from the title; diacritics are folded so "Zürich" becomes "zurich". */
function slugFromTitle(n: number, title: string): string {
  const words = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = `synthetic-${n}`;
  for (const w of words) {
    if (slug.length + 1 + w.length > 64) break;
    slug += `-${w}`;
  }
  return slug;
}

/**
 * Everything needed to link to an article, computed from the first draws of its stream.
 * syntheticArticle() continues the same stream, so header and body never disagree.
 */
function header(index: number, count: number, rng: Rng): Header {
  const step = stepSeconds(count);
  const jitter = Math.floor(rng() * (step / 2));
  const publishedMs = END_MS - (Math.floor(index * step) + jitter + 60) * 1000;
  const publishedAt = formatTimestamp(publishedMs, pick(rng, OFFSETS));
  const kind = weighted<Kind>(rng, { analysis: 45, news: 30, brief: 15, opinion: 10 });
  const regionCount = weighted(rng, { '1': 60, '2': 30, '3': 10 });
  const regions = pickDistinct(rng, REGIONS, Number(regionCount));
  const tags = pickTags(rng, regions[0]!);
  const lead = tags[0]!;
  const title = makeTitle(rng, PLACES[regions[0]!], WITH_ARTICLE.has(lead.slug) ? `the ${lead.name}` : lead.name);
  const slug = slugFromTitle(index + 1, title);
  // The URL uses the date as written (local to its offset), matching the hand-written fixtures.
  const url = `${SITE}/${publishedAt.slice(0, 4)}/${publishedAt.slice(5, 7)}/${slug}`;
  return { index, kind, regions, tags, title, slug, publishedAt, publishedMs, url };
}

function headerAt(index: number, count: number, seed: number): Header {
  return header(index, count, articleRng(seed, index));
}

// ---------------------------------------------------------------- body

interface Ctx {
  rng: Rng;
  place: Place;
  topics: string[];
  year: number;
}

type Template = (c: Ctx) => string;

const SENTENCES: readonly Template[] = [
  (c) =>
    `Officials in ${pick(c.rng, c.place.cities)} said the talks on ${pick(c.rng, c.topics)} had made ${pick(c.rng, PROGRESS)} progress, but that ${pick(c.rng, ISSUES)} remained unresolved.`,
  (c) =>
    `${cap(pick(c.rng, c.place.countries))} has spent much of the past ${int(c.rng, 3, 30)} months trying to ${pick(c.rng, GOALS)}.`,
  (c) =>
    `According to figures published by ${pick(c.rng, c.place.institutions.concat(GLOBAL_INSTITUTIONS))}, ${pick(c.rng, METRICS)} rose by ${int(c.rng, 2, 48)}% in ${c.year - int(c.rng, 0, 2)}, the ${pick(c.rng, RANKS)} change in a decade.`,
  (c) => `Analysts at ${pick(c.rng, THINK_TANKS)} argue that ${pick(c.rng, CLAIMS)}.`,
  (c) =>
    `“${pick(c.rng, QUOTES)},” said ${pick(c.rng, PEOPLE)}, ${pick(c.rng, ROLES)} based in ${pick(c.rng, c.place.cities)}.`,
  (c) => `The harder part of the debate over ${pick(c.rng, c.topics)} is not the principle but ${pick(c.rng, ISSUES)}.`,
  (c) =>
    `Diplomats expect the issue to return at the next meeting of ${pick(c.rng, c.place.institutions.concat(GLOBAL_INSTITUTIONS))}, scheduled for ${pick(c.rng, ['the spring', 'the autumn', 'early next year', 'the end of the year'])}.`,
  (c) => `Few governments in ${c.place.label} want to be seen to choose sides, and most are hedging.`,
  (c) =>
    `The figures hide large differences between regions, with ${pick(c.rng, c.place.cities)} faring better than the provinces.`,
  (c) => `Critics say ${pick(c.rng, CLAIMS)}, a charge officials reject.`,
  (c) =>
    `Negotiators have been here before: a similar framework on ${pick(c.rng, c.topics)} collapsed in ${c.year - int(c.rng, 3, 12)} over ${pick(c.rng, ISSUES)}.`,
  (c) => `Markets reacted calmly, with ${pick(c.rng, METRICS)} barely moving on the day of the announcement.`,
  () => `For now, the practical effect is modest; the symbolic effect is not.`,
  (c) =>
    `Much depends on whether ${pick(c.rng, c.place.countries)} can ${pick(c.rng, GOALS)} before elections due in ${c.year + int(c.rng, 1, 3)}.`,
  (c) =>
    `Humanitarian groups warned that ${pick(c.rng, ['civilians', 'farmers', 'small businesses', 'migrants', 'coastal communities'])} would bear the brunt of any delay.`,
  (c) =>
    `The budget line for the programme is roughly US$${int(c.rng, 2, 90)} billion over ${int(c.rng, 3, 10)} years, according to documents seen by Meridian Review.`,
];

/** A paragraph of 3-6 sentences; `linkHtml` is trusted markup spliced in between sentences. */
function paragraph(c: Ctx, linkHtml = ''): string {
  const parts: string[] = [];
  // Distinct templates, so a paragraph never repeats itself verbatim.
  for (const t of pickDistinct(c.rng, SENTENCES, int(c.rng, 3, 6))) parts.push(escapeText(t(c)));
  if (linkHtml) parts.splice(int(c.rng, 1, parts.length), 0, linkHtml);
  return `<p>${parts.join(' ')}</p>`;
}

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string): string => escapeText(s).replace(/"/g, '&quot;');

function linkSentence(c: Ctx, self: Header, count: number, seed: number): string {
  const r = c.rng();
  if (r < 0.4 && self.index + 1 < count) {
    // Link to an older synthetic article by its real path, so crawlers of the corpus find valid targets.
    const other = headerAt(int(c.rng, self.index + 1, Math.min(count - 1, self.index + 500)), count, seed);
    return `As we reported in <a href="${new URL(other.url).pathname}">${escapeText(other.title)}</a>, the pattern is not new.`;
  }
  if (r < 0.7) {
    const tag = pick(c.rng, self.tags);
    return `For background, see <a href="../topics/${tag.slug}">our ${escapeText(topicPhrase(tag))} coverage</a>.`;
  }
  const [href, label] = pick(c.rng, EXTERNAL_LINKS);
  return `Data are available from <a href="${href}">${label}</a>.`;
}

function listBlock(c: Ctx): string {
  const tag = chance(c.rng, 0.6) ? 'ul' : 'ol';
  const items = Array.from({ length: int(c.rng, 3, 5) }, () => `<li>${escapeText(pick(c.rng, SENTENCES)(c))}</li>`);
  return `<${tag}>\n${items.join('\n')}\n</${tag}>`;
}

function figureBlock(c: Ctx, self: Header): string {
  const src = chance(c.rng, 0.5)
    ? `/media/${self.publishedAt.slice(0, 4)}/${self.slug}-chart.png`
    : `${MEDIA}/${self.publishedAt.slice(0, 4)}/${self.slug}-chart.png`;
  const metric = pick(c.rng, METRICS);
  return `<figure><img src="${src}" alt="Chart showing ${escapeAttr(metric)} in ${escapeAttr(pick(c.rng, c.place.countries))} since ${c.year - 10}" width="1200" height="675"><figcaption>${escapeText(cap(metric))}, ${c.year - 10}–${c.year}. Source: Meridian Review calculations.</figcaption></figure>`;
}

const BODY_BYTES: Record<Kind, [number, number]> = {
  brief: [2100, 3600],
  news: [2500, 6000],
  opinion: [4000, 9000],
  analysis: [5000, 11500],
};
/** Upper bound of the advertised 2-12 KB range; a block that would cross it ends the body instead. */
const BODY_MAX = 12_000;

function body(c: Ctx, self: Header, count: number, seed: number): string {
  const [min, max] = BODY_BYTES[self.kind];
  const target = int(c.rng, min, max);
  const blocks: string[] = [];
  let size = 0;
  const add = (html: string): boolean => {
    // Sizes are in UTF-8 bytes since that is what KV stores and feeds ship.
    const bytes = Buffer.byteLength(html) + 1;
    if (size + bytes > BODY_MAX && size >= min) return false;
    blocks.push(html);
    size += bytes;
    return true;
  };
  add(paragraph(c));
  while (size < target) {
    const r = c.rng();
    let block: string;
    if (r < 0.1 && self.kind !== 'brief') block = `<h2>${pick(c.rng, HEADINGS)}</h2>`;
    else if (r < 0.16) block = listBlock(c);
    else if (r < 0.21) block = `<blockquote><p>${escapeText(`“${pick(c.rng, QUOTES)}.”`)}</p></blockquote>`;
    else if (r < 0.24 && self.kind === 'analysis') block = figureBlock(c, self);
    else block = paragraph(c, chance(c.rng, 0.3) ? linkSentence(c, self, count, seed) : '');
    if (!add(block)) break;
  }
  // A trailing heading would introduce nothing.
  if (blocks[blocks.length - 1]!.startsWith('<h2>')) blocks.pop();
  return blocks.join('\n');
}

// ---------------------------------------------------------------- article

function image(rng: Rng, self: Header): ArticleImage {
  const type = weighted(rng, { 'image/jpeg': 80, 'image/webp': 15, 'image/png': 5 });
  const ext = { 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/png': 'png' }[type];
  const [width, height] = pick(rng, IMAGE_DIMS);
  const place = pick(rng, PLACES[self.regions[0]!].cities);
  const img: ArticleImage = {
    url: `${MEDIA}/${self.publishedAt.slice(0, 4)}/${self.slug}.${ext}`,
    alt: `${pick(rng, SCENES)} in ${place}`,
  };
  if (chance(rng, 0.6)) img.caption = `${place}, ${self.publishedAt.slice(0, 4)}.`;
  img.credit = `Photo: ${pick(rng, PHOTOGRAPHERS)} / Meridian Review`;
  img.width = width;
  img.height = height;
  img.type = type;
  img.length = int(rng, 60_000, 900_000);
  return img;
}

function authors(rng: Rng): ArticleAuthor[] {
  return pickDistinct(rng, AUTHORS, chance(rng, 0.2) ? 2 : 1).map((a) =>
    a.url ? { slug: a.slug, name: a.name, url: a.url } : { slug: a.slug, name: a.name },
  );
}

/** The article at `index` (0 = newest) of a corpus of `count`; independent of every other index. */
export function syntheticArticle(index: number, count: number, seed = 1): Article {
  const rng = articleRng(seed, index);
  const self = header(index, count, rng);
  const place = PLACES[self.regions[0]!];
  const ctx: Ctx = { rng, place, topics: self.tags.map(topicPhrase), year: Number(self.publishedAt.slice(0, 4)) };
  const dek = `${cap(pick(rng, place.countries))} is trying to ${pick(rng, GOALS)}, but ${pick(rng, ISSUES)} could decide whether it works.`;
  const article: Article = {
    id: `syn-${String(index + 1).padStart(6, '0')}`,
    slug: self.slug,
    url: self.url,
    title: self.title,
    dek,
    kind: self.kind,
    regions: self.regions,
    tags: self.tags.map((t) => t.slug),
    authors: authors(rng),
    publishedAt: self.publishedAt,
    bodyHtml: '',
    language: 'en',
  };
  if (chance(rng, 0.05)) {
    const updatedMs = Math.min(self.publishedMs + int(rng, 3600, 10 * 86400) * 1000, END_MS);
    article.updatedAt = formatTimestamp(Math.max(updatedMs, self.publishedMs), 0);
  }
  if (chance(rng, 0.7)) article.image = image(rng, self);
  article.bodyHtml = body(ctx, self, count, seed);
  if (chance(rng, 0.2)) article.excerpt = `${pick(rng, SENTENCES)(ctx)} ${pick(rng, SENTENCES)(ctx)}`;
  return reorder(article);
}

/** Key order as in the hand-written fixtures (and the schema), so generated files diff cleanly. */
function reorder(a: Article): Article {
  const {
    id,
    slug,
    url,
    title,
    dek,
    kind,
    regions,
    tags,
    authors: au,
    publishedAt,
    updatedAt,
    image: img,
    bodyHtml,
    excerpt,
    language,
  } = a;
  return {
    id,
    slug,
    url,
    title,
    dek,
    kind,
    regions,
    tags,
    authors: au,
    publishedAt,
    ...(updatedAt !== undefined && { updatedAt }),
    ...(img !== undefined && { image: img }),
    bodyHtml,
    ...(excerpt !== undefined && { excerpt }),
    language,
  };
}

/** Lazily yields the corpus newest-first; use this for large counts to keep memory flat. */
export function* iterateSyntheticArticles(count: number, seed = 1): Generator<Article> {
  for (let i = 0; i < count; i++) yield syntheticArticle(i, count, seed);
}

/** The whole corpus, newest first (publishedAt strictly decreasing by index). */
export function syntheticArticles(count: number, seed = 1): Article[] {
  return Array.from(iterateSyntheticArticles(count, seed));
}

/**
 * Small pools of realistic values, made once per seed from faker's English data (names, cities,
 * companies, products, words). Values are drawn with our own hash rather than faker's generators:
 * the same realism at a few thousand lookups, so building the pools takes milliseconds. The words
 * are faker's, copied into `faker-words.ts` by `npm run generate`: the mock does not load faker.
 */
import type { ChannelType, Team } from '../../openapi/types.ts';
import { FAKER_WORDS } from './faker-words.ts';
import { hash } from './hash.ts';
import { hashedUuid } from './ids.ts';
import { CHANNEL_TYPES } from './spec-lists.ts';
import { REFERENCE_TIME, iso } from './timeline.ts';

export const ORGANIZATION_ID = 'org_imbrace';
export const BUSINESS_UNIT_ID = 'bu_imbrace_testing';

export interface FirstName {
  name: string;
  gender: 'Female' | 'Male';
}

export interface Pools {
  firstNames: FirstName[];
  lastNames: readonly string[];
  companies: string[];
  jobTitles: string[];
  cities: readonly string[];
  titles: string[];
  remarks: string[];
  messages: string[];
  captions: string[];
  emailDomains: string[];
  labels: string[];
  teams: Team[];
  /** The agents; the first is the user the notifications are for. */
  users: string[];
  channels: Record<ChannelType, string[]>;
  boards: string[];
}

const DAY = 24 * 3600 * 1000;
const POOL_LANE = 10_000;

export function buildPools(seed: number): Pools {
  const w = FAKER_WORDS;
  let counter = 0;
  /** The next draw of the pool builder: a pure function of the seed and how many draws came before. */
  const next = () => hash(seed, counter++, POOL_LANE);
  const one = <T>(list: readonly T[]): T => list[next() % list.length]!;
  const times = <T>(count: number, make: () => T): T[] => Array.from({ length: count }, make);
  const id = (prefix: string) => `${prefix}${hashedUuid(seed, POOL_LANE + 10, counter++)}`;
  const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  const productName = () =>
    `${one(w.productAdjectives)} ${one(w.productMaterials)} ${one(w.products)}`;
  const company = () => {
    switch (next() % 3) {
      case 0:
        return `${one(w.last)} ${one(w.entityTypes)}`;
      case 1:
        return `${one(w.last)} - ${one(w.last)}`;
      default:
        return `${one(w.last)}, ${one(w.last)} and ${one(w.last)}`;
    }
  };
  const sentence = (min: number, max: number) =>
    `${capitalised(times(min + (next() % (max - min + 1)), () => one(w.lorem)).join(' '))}.`;
  const companies = times(250, company);
  const teamTime = (daysBack: number) => iso(REFERENCE_TIME - daysBack * DAY - (next() % DAY));
  const team = (name: string, mode: string, isDefault: boolean, description = ''): Team => {
    const teamId = isDefault ? 't_imbrace_default_team' : id('t_');
    return {
      _id: teamId,
      doc_name: 'team',
      public_id: teamId,
      organization_id: ORGANIZATION_ID,
      business_unit_id: BUSINESS_UNIT_ID,
      icon_url: '',
      name,
      mode,
      description,
      is_default: isDefault,
      created_at: teamTime(900 + (next() % 400)),
      updated_at: teamTime(100 + (next() % 700)),
      ...(isDefault ? { is_disabled: false } : {}),
    };
  };

  return {
    firstNames: [
      ...w.firstFemale.map((name): FirstName => ({ name, gender: 'Female' })),
      ...w.firstMale.map((name): FirstName => ({ name, gender: 'Male' })),
    ],
    lastNames: w.last,
    companies,
    jobTitles: times(150, () => `${one(w.jobDescriptors)} ${one(w.jobAreas)} ${one(w.jobTypes)}`),
    cities: w.cities,
    titles: [...new Set(w.prefixes)],
    remarks: times(150, () => {
      switch (next() % 5) {
        case 0:
          return `Interested in ${productName()}`;
        case 1:
          return `Asked about ${one(w.products).toLowerCase()} pricing`;
        case 2:
          return `Prefers contact in the ${one(['morning', 'afternoon', 'evening'])}`;
        case 3:
          return `Met at ${one(companies)} event`;
        default:
          return `${one(w.companyAdjectives)} ${one(w.companyDescriptors)} ${one(w.companyNouns)}`;
      }
    }),
    messages: times(200, () => {
      switch (next() % 7) {
        case 0:
          return sentence(2, 8);
        case 1:
          return `Hi, is the ${productName()} still available?`;
        case 2:
          return `Do you deliver to ${one(w.cities)}?`;
        case 3:
          return 'Thanks!';
        case 4:
          return 'What are your opening hours?';
        case 5:
          return `Can I change my order ${100_000 + (next() % 900_000)}?`;
        default:
          return `${one(w.adjectives)} ${one(w.nouns)}`;
      }
    }),
    captions: times(100, () =>
      next() % 2 ? one(w.nouns) : `${one(w.adjectives)} ${one(w.nouns)}`,
    ),
    emailDomains: [
      ...w.freeEmail,
      'outlook.com',
      'icloud.com',
      ...times(
        15,
        () =>
          `${one(w.last)
            .toLowerCase()
            .replace(/[^a-z]/g, '')}.${one(w.domainSuffixes)}`,
      ),
    ],
    labels: ['VIP', 'Lead', 'Customer', 'Follow up', 'Wholesale', 'Newsletter'],
    teams: [
      team(
        'General',
        'public',
        true,
        'Default iMBRACE team, auto create by system for testing purpose',
      ),
      ...times(4, () =>
        team(
          `${one(w.departments)} ${one(['Support', 'Sales', 'Team'])}`,
          one(['grab', 'public']),
          false,
        ),
      ),
    ],
    users: times(5, () => id('u_')),
    channels: Object.fromEntries(
      CHANNEL_TYPES.map((type) => [
        type,
        times(type === 'web' || type === 'whatsapp' ? 2 : 1, () => id('ch_')),
      ]),
    ) as Record<ChannelType, string[]>,
    boards: times(3, () => id('brd_')),
  };
}

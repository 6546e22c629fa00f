/**
 * Where contacts come from: the country code that prefixes an anonymous visitor's name (`TWN#NJ9585`),
 * with the time zone, language and phone format that go with it. `UNK` (unknown) is the most common,
 * as in the published data.
 */
export interface Country {
  code: string;
  timeZone: string;
  language: string;
  areaCode: string;
  /** Digits of a local number, and the digits it may start with. */
  digits: number;
  leading: string;
  /** Relative weight among contacts. */
  weight: number;
}

export const COUNTRIES: readonly Country[] = [
  {
    code: 'UNK',
    timeZone: 'Asia/Saigon',
    language: 'en',
    areaCode: '84',
    digits: 9,
    leading: '35789',
    weight: 40,
  },
  {
    code: 'HKG',
    timeZone: 'Asia/Hong_Kong',
    language: 'zh-HK',
    areaCode: '852',
    digits: 8,
    leading: '5679',
    weight: 14,
  },
  {
    code: 'TWN',
    timeZone: 'Asia/Taipei',
    language: 'zh-TW',
    areaCode: '886',
    digits: 9,
    leading: '9',
    weight: 8,
  },
  {
    code: 'SGP',
    timeZone: 'Asia/Singapore',
    language: 'en',
    areaCode: '65',
    digits: 8,
    leading: '89',
    weight: 6,
  },
  {
    code: 'VNM',
    timeZone: 'Asia/Saigon',
    language: 'vi',
    areaCode: '84',
    digits: 9,
    leading: '35789',
    weight: 6,
  },
  {
    code: 'MYS',
    timeZone: 'Asia/Kuala_Lumpur',
    language: 'ms',
    areaCode: '60',
    digits: 9,
    leading: '1',
    weight: 4,
  },
  {
    code: 'THA',
    timeZone: 'Asia/Bangkok',
    language: 'th',
    areaCode: '66',
    digits: 9,
    leading: '689',
    weight: 3,
  },
  {
    code: 'JPN',
    timeZone: 'Asia/Tokyo',
    language: 'ja',
    areaCode: '81',
    digits: 10,
    leading: '789',
    weight: 3,
  },
  {
    code: 'CHN',
    timeZone: 'Asia/Shanghai',
    language: 'zh-CN',
    areaCode: '86',
    digits: 11,
    leading: '1',
    weight: 3,
  },
  {
    code: 'USA',
    timeZone: 'America/New_York',
    language: 'en',
    areaCode: '1',
    digits: 10,
    leading: '2345679',
    weight: 4,
  },
  {
    code: 'GBR',
    timeZone: 'Europe/London',
    language: 'en',
    areaCode: '44',
    digits: 10,
    leading: '7',
    weight: 3,
  },
  {
    code: 'FRA',
    timeZone: 'Europe/Paris',
    language: 'fr',
    areaCode: '33',
    digits: 9,
    leading: '67',
    weight: 2,
  },
  {
    code: 'DOM',
    timeZone: 'America/Santo_Domingo',
    language: 'es',
    areaCode: '1',
    digits: 10,
    leading: '8',
    weight: 1,
  },
  {
    code: 'AUS',
    timeZone: 'Australia/Sydney',
    language: 'en',
    areaCode: '61',
    digits: 9,
    leading: '4',
    weight: 3,
  },
];

/** Index → country, weighted: 100 slots, so a hash modulo 100 picks one. */
export const COUNTRY_SLOTS: readonly Country[] = COUNTRIES.flatMap((country) =>
  Array<Country>(country.weight).fill(country),
);

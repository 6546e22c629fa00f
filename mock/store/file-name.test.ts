import { describe, expect, it } from 'vitest';
import { safeFileName, safeMediaType } from './file-name.ts';

describe('safeFileName', () => {
  const cases: [string, string][] = [
    ['photo.png', 'photo.png'],
    ['my photo (1).png', 'my_photo_1_.png'],
    ['../../etc/passwd', 'etc_passwd'],
    ['..\\..\\boot.ini', 'boot.ini'],
    ['.htaccess', 'htaccess'],
    ['résumé.pdf', 'resume.pdf'],
    ['a"b;c\r\nd.txt', 'a_b_c_d.txt'],
    ['', 'file'],
    ['....', 'file'],
    ['/', 'file'],
    [`${'x'.repeat(300)}.csv`, `${'x'.repeat(96)}.csv`],
  ];
  it.each(cases)('%j → %j', (name, want) => expect(safeFileName(name)).toBe(want));
});

describe('safeMediaType', () => {
  const cases: [string, string][] = [
    ['image/png', 'image/png'],
    ['Text/CSV; charset=utf-8', 'text/csv'],
    [
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    ['', 'application/octet-stream'],
    ['not a type', 'application/octet-stream'],
    ['text/html\r\nx: y', 'application/octet-stream'],
  ];
  it.each(cases)('%j → %j', (type, want) => expect(safeMediaType(type)).toBe(want));
});

/** The files exchanged with a seeded contact (`GET /contact/{id}/files`), newest first. */
import type { FileMessage } from '../../openapi/types.ts';
import type { Dataset } from './dataset.ts';
import { hash } from './hash.ts';
import { hashedUuid } from './ids.ts';
import { LANE } from './lanes.ts';
import { ORGANIZATION_ID } from './pools.ts';
import { alphanumeric } from './text.ts';
import { REFERENCE_TIME, contactCreatedAt, iso } from './timeline.ts';

const EXTENSIONS = ['png', 'jpeg', 'mp4', 'mpeg', 'plain', 'pdf', 'bmp'];
const MAX_FILES = 16;

export function fileCount(ds: Dataset, i: number): number {
  if (i >= ds.size) return 0;
  const hv = hash(ds.seed, i, LANE.fileCount);
  const bucket = hv % 100;
  const spread = hv >>> 8;
  return bucket < 55
    ? 0
    : bucket < 80
      ? 1 + (spread % 3)
      : bucket < 95
        ? 4 + (spread % 5)
        : 9 + (spread % 6);
}

export function seededFiles(ds: Dataset, i: number, contactId: string): FileMessage[] {
  const count = fileCount(ds, i);
  const start = contactCreatedAt(ds.seed, i);
  const span = Math.max(count, REFERENCE_TIME - start);
  const files: FileMessage[] = [];
  for (let k = 0; k < count; k++) {
    const n = i * MAX_FILES + k;
    const hv = hash(ds.seed, n, LANE.file);
    const extension = EXTENSIONS[hv % EXTENSIONS.length]!;
    // k = 0 is the newest: evenly spread slots, each jittered within itself.
    const slot = Math.floor(span / count);
    const at = start + (count - 1 - k) * slot + ((hv >>> 4) % Math.max(1, slot));
    const created = iso(at);
    files.push({
      _id: `msg_${hashedUuid(ds.seed, LANE.fileId, n)}`,
      content: {
        caption:
          hv % 3 === 0
            ? `file${String(k + 1).padStart(2, '0')}`
            : ds.pools.captions[(hv >>> 8) % ds.pools.captions.length]!,
        url: `https://imbrace-data.s3.ap-east-1.amazonaws.com/chat/${ORGANIZATION_ID}/file_${alphanumeric(ds.seed, n, LANE.file + 1, 26)}.${extension}`,
        extension,
      },
      created_at: created,
      from:
        (hv >>> 12) % 4 === 0 ? contactId : ds.pools.users[(hv >>> 16) % ds.pools.users.length]!,
      type: 'image',
      updated_at: created,
    });
  }
  return files;
}

import { existsSync } from 'node:fs';
import path from 'node:path';

/** The shared fixture images, beside the project in this workspace; absent in a plain clone. */
export const FIXTURES_DIR = path.resolve(__dirname, '../../../shared/fixtures/images');

/** A `skip` option for tests that need the shared fixtures: a message when they are missing, else false. */
export const skipWithoutFixtures: string | false = existsSync(FIXTURES_DIR)
  ? false
  : `no ${FIXTURES_DIR} in this clone: the shared fixture images are not available`;

/** Absolute path of a shared fixture image, e.g. `fixture('photos/flowers.jpeg')`. */
export function fixture(relative: string): string {
  return path.join(FIXTURES_DIR, relative);
}

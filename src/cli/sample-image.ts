import { access } from 'node:fs/promises';
import path from 'node:path';
import { drawSampleProduct } from '../samples/sample-product';
import { writeFileAtomic } from '../storage/atomic-write';

/** The sample product photo the quick start runs on, drawn once into the state folder. */
export async function ensureSampleImage(stateDir: string): Promise<string> {
  const file = path.join(stateDir, 'samples', 'sample-tote.png');
  try {
    await access(file);
  } catch {
    await writeFileAtomic(file, await drawSampleProduct('tote'));
  }
  return file;
}

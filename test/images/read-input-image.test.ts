import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import sharp from 'sharp';
import { decodeImageBytes, DEFAULT_IMAGE_LIMITS, readInputImage } from '../../src/images/read-input-image';
import { drawSampleProduct, SAMPLE_SIZE } from '../../src/samples/sample-product';
import { fixture, FIXTURES_DIR, skipWithoutFixtures } from '../helpers/fixtures';

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'read-input-image-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function drawn(name: string, bytes: Buffer | Promise<Buffer>): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, await bytes);
  return file;
}

/** Asserts a typed, non-retryable refusal whose message names `mention`. */
async function assertRefused(attempt: Promise<unknown>, types: string[], mention: string): Promise<void> {
  const error = await attempt.then(
    () => assert.fail(`${mention} was accepted`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ApplicationFailure, `${mention}: not an ApplicationFailure: ${String(error)}`);
  assert.ok(types.includes(String(error.type)), `${mention}: got ${error.type}: ${error.message}`);
  assert.equal(error.nonRetryable, true, `${mention}: refused without retry`);
  assert.ok(error.message.includes(mention), `${mention}: the message names it: ${error.message}`);
}

async function outputOf(bytes: Buffer) {
  return sharp(bytes).metadata();
}

describe('readInputImage', () => {
  it('reads a drawn product photo as an 8-bit sRGB PNG with its size', async () => {
    const image = await readInputImage(await drawn('tote.png', drawSampleProduct('tote')));
    assert.equal(image.mimeType, 'image/png');
    assert.deepEqual([image.width, image.height], [SAMPLE_SIZE, SAMPLE_SIZE]);
    const out = await outputOf(image.bytes);
    assert.deepEqual([out.format, out.space, out.depth, out.width], ['png', 'srgb', 'uchar', SAMPLE_SIZE]);
  });

  it('turns an EXIF-rotated JPEG upright, swapping width and height', async () => {
    // 300 wide, red on the left: orientation 6 means "rotate 90° clockwise to view", so red ends up on top.
    const stored = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#2040c0' } })
      .composite([
        {
          input: { create: { width: 150, height: 200, channels: 3, background: '#e02020' } },
          left: 0,
          top: 0,
        },
      ])
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const image = await readInputImage(await drawn('rotated.jpg', stored));
    assert.deepEqual([image.width, image.height], [200, 300]);
    const topHalf = await sharp(image.bytes)
      .extract({ left: 0, top: 0, width: 200, height: 150 })
      .png()
      .toBuffer();
    const top = await sharp(topHalf).stats();
    assert.ok((top.channels[0]?.mean ?? 0) > 180 && (top.channels[2]?.mean ?? 255) < 80, 'red is on top');
  });

  it('keeps the alpha channel of a cut-out PNG', async () => {
    const cutout = await sharp({ create: { width: 200, height: 200, channels: 4, background: '#00000000' } })
      .composite([
        {
          input: { create: { width: 100, height: 100, channels: 4, background: '#c04020ff' } },
          left: 50,
          top: 50,
        },
      ])
      .png()
      .toBuffer();
    const out = await outputOf((await readInputImage(await drawn('cutout.png', cutout))).bytes);
    assert.equal(out.hasAlpha, true);
  });

  it('refuses a missing path with ImageNotFound', async () => {
    await assertRefused(
      readInputImage(path.join(dir, 'no-such-photo.jpg')),
      ['ImageNotFound'],
      'no-such-photo.jpg',
    );
  });

  it('refuses a directory and an empty file with InvalidInput', async () => {
    const folder = path.join(dir, 'a-folder.png');
    await mkdir(folder);
    await assertRefused(readInputImage(folder), ['InvalidInput'], 'a-folder.png');
    await assertRefused(
      readInputImage(await drawn('empty.jpg', Buffer.alloc(0))),
      ['InvalidInput'],
      'empty.jpg',
    );
  });

  it('refuses a text file named like an image with UnsupportedImage', async () => {
    const text = await drawn('notes.png', Buffer.from('this is not an image\n'.repeat(20)));
    await assertRefused(readInputImage(text), ['UnsupportedImage'], 'notes.png');
  });

  it('refuses SVG, a drawing rather than a photo, with UnsupportedImage', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><circle cx="200" cy="200" r="150"/></svg>';
    await assertRefused(
      readInputImage(await drawn('logo.svg', Buffer.from(svg))),
      ['UnsupportedImage'],
      'logo.svg',
    );
  });

  it('refuses an image under the minimum side with InvalidInput naming its size', async () => {
    const tiny = sharp({ create: { width: 40, height: 300, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    await assertRefused(readInputImage(await drawn('tiny.png', tiny)), ['InvalidInput'], '40x300 pixels');
  });

  it('refuses a fully transparent image with InvalidInput', async () => {
    const clear = sharp({ create: { width: 200, height: 200, channels: 4, background: '#ffffff00' } })
      .png()
      .toBuffer();
    await assertRefused(readInputImage(await drawn('clear.png', clear)), ['InvalidInput'], 'clear.png');
  });

  it('refuses a file over the byte limit, and an image over the pixel or side limits, with ImageTooLarge', async () => {
    const file = await drawn(
      'wide.png',
      sharp({ create: { width: 3000, height: 100, channels: 3, background: '#777' } })
        .png()
        .toBuffer(),
    );
    await assertRefused(readInputImage(file, { maxBytes: 100 }), ['ImageTooLarge'], 'wide.png');
    await assertRefused(readInputImage(file, { maxSide: 2000 }), ['ImageTooLarge'], '3000x100 pixels');
    await assertRefused(readInputImage(file, { maxPixels: 100_000 }), ['ImageTooLarge'], '3000x100 pixels');
  });

  it('refuses truncated JPEG and PNG data with CorruptImage', async () => {
    const photo = await sharp(await drawSampleProduct('sneaker'))
      .jpeg({ quality: 90 })
      .toBuffer();
    const png = await drawSampleProduct('tshirt');
    await assertRefused(
      readInputImage(await drawn('cut.jpg', photo.subarray(0, photo.length / 2))),
      ['CorruptImage'],
      'cut.jpg',
    );
    await assertRefused(
      readInputImage(await drawn('cut.png', png.subarray(0, png.length / 2))),
      ['CorruptImage'],
      'cut.png',
    );
  });

  it('takes the first frame of an animation and refuses more frames than the limit', async () => {
    const frames = ['#d03030', '#30d030', '#3030d0'].map((background) =>
      sharp({ create: { width: 120, height: 90, channels: 3, background } })
        .png()
        .toBuffer(),
    );
    const animated = await sharp(await Promise.all(frames), { join: { animated: true } })
      .webp()
      .toBuffer();
    const file = await drawn('spin.webp', animated);
    const first = await readInputImage(file);
    assert.deepEqual([first.width, first.height], [120, 90]);
    assert.ok(((await sharp(first.bytes).stats()).channels[0]?.mean ?? 0) > 150, 'the first (red) frame');
    await assertRefused(readInputImage(file, { maxFrames: 2 }), ['ImageTooLarge'], '3 frames');
  });

  it('checks bytes already in memory the same way, naming them by their label', async () => {
    const image = await decodeImageBytes(await drawSampleProduct('tote'), 'runs/r1/intake/product.png');
    assert.equal(image.width, SAMPLE_SIZE);
    await assertRefused(
      decodeImageBytes(Buffer.from('<html></html>'), 'runs/r1/x.png'),
      ['UnsupportedImage'],
      'runs/r1/x.png',
    );
  });

  it('has limits that accept a large studio photo and refuse a decompression bomb', () => {
    assert.ok(DEFAULT_IMAGE_LIMITS.maxPixels >= 24_000_000 && DEFAULT_IMAGE_LIMITS.maxPixels <= 100_000_000);
    assert.ok(DEFAULT_IMAGE_LIMITS.maxSide >= 8000 && DEFAULT_IMAGE_LIMITS.minSide >= 16);
  });
});

describe('readInputImage on the shared fixtures', { skip: skipWithoutFixtures }, () => {
  // How fast they are refused is a benchmark's question (a shared machine makes any time limit flaky).
  it('refuses every hostile file with the right type, naming it, and writes nothing', async () => {
    const expected: Record<string, string[]> = {
      '65536-uint32-limit.png': ['ImageTooLarge'],
      'big-height.webp': ['ImageTooLarge'],
      'giant-image.jpg': ['ImageTooLarge'],
      'corrupt-header.jpg': ['CorruptImage', 'UnsupportedImage'],
      'truncated.jpg': ['CorruptImage'],
      'truncated.png': ['CorruptImage'],
    };
    const before = await readdir(fixture('hostile'));
    const scratch = await readdir(dir);
    for (const [name, types] of Object.entries(expected)) {
      await assertRefused(readInputImage(fixture(`hostile/${name}`)), types, name);
    }
    assert.deepEqual(await readdir(fixture('hostile')), before);
    assert.deepEqual(await readdir(dir), scratch);
  });

  it('turns the EXIF-rotated Portrait_8 and Landscape_6 upright', async () => {
    for (const name of ['Portrait_8.jpg', 'Landscape_6.jpg']) {
      const file = fixture(`photos/${name}`);
      const { autoOrient, orientation } = await sharp(file).metadata();
      assert.ok(orientation === 8 || orientation === 6, `${name} carries an EXIF rotation`);
      const image = await readInputImage(file);
      assert.deepEqual([image.width, image.height], [autoOrient.width, autoOrient.height], name);
      const stored = await sharp(file).metadata();
      assert.deepEqual([image.width, image.height], [stored.height, stored.width], `${name}: sides swapped`);
    }
  });

  it('decodes CMYK, 16-bit, AVIF, TIFF, WebP and GIF inputs to 8-bit sRGB PNG', async () => {
    for (const name of [
      'Channel_digital_image_CMYK_color_no_profile.jpg',
      '16-bit-grey-alpha.png',
      'pitm.avif',
      'G31D.TIF',
      '4.webp',
      'animated-loop-3.gif',
    ]) {
      const image = await readInputImage(fixture(`formats/${name}`));
      const out = await outputOf(image.bytes);
      assert.deepEqual([out.format, out.space, out.depth], ['png', 'srgb', 'uchar'], name);
      assert.deepEqual([out.width, out.height], [image.width, image.height], name);
    }
  });

  it('refuses JPEG 2000 and SVG with UnsupportedImage, and the 2x2 PNG as too small', async () => {
    await assertRefused(readInputImage(fixture('formats/relax.jp2')), ['UnsupportedImage'], 'JPEG 2000');
    await assertRefused(readInputImage(fixture('formats/check.svg')), ['UnsupportedImage'], 'check.svg');
    await assertRefused(readInputImage(fixture('formats/2x2_fdcce6.png')), ['InvalidInput'], '2x2 pixels');
    await assertRefused(
      readInputImage(fixture('formats/full-transparent.png')),
      ['InvalidInput'],
      'transparent',
    );
  });

  it('resolves the fixtures beside the project', () => {
    assert.equal(path.basename(FIXTURES_DIR), 'images');
  });
});

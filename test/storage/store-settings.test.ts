import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadDirectorConfig } from '../../src/config';
import { LocalObjectStore } from '../../src/storage/local-object-store';
import { openObjectStore } from '../../src/storage/open-store';
import { S3ObjectStore } from '../../src/storage/s3-object-store';
import { effectiveConfig } from '../../src/cli/commands/config';
import { withEnv } from '../helpers/versitygw';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('the store setting (DIRECTOR_STORE and DIRECTOR_S3_*)', () => {
  it('keeps the local data folder when DIRECTOR_STORE is unset', () => {
    const config = loadDirectorConfig({ DIRECTOR_DATA_DIR: '/tmp/director-blobs' });
    assert.deepEqual(config.store, { kind: 'local' });
    const store = openObjectStore(config);
    assert.ok(store instanceof LocalObjectStore);
    assert.equal(store.uri, 'file:///tmp/director-blobs');
  });

  it('opens an S3 bucket for s3://bucket/prefix, path-style by default when an endpoint is set', () => {
    const config = loadDirectorConfig({
      DIRECTOR_STORE: 's3://studio-photos/linn/director/',
      DIRECTOR_S3_ENDPOINT: 'http://127.0.0.1:7070',
      AWS_REGION: 'eu-west-1',
    });
    assert.deepEqual(config.store, {
      kind: 's3',
      bucket: 'studio-photos',
      prefix: 'linn/director/',
      endpoint: 'http://127.0.0.1:7070',
      region: 'eu-west-1',
      forcePathStyle: true,
    });
    const store = openObjectStore(config);
    assert.ok(store instanceof S3ObjectStore);
    assert.equal(store.uri, 's3://studio-photos/linn/director');
    assert.equal(
      store.locate('outputs/r1/product.png'),
      's3://studio-photos/linn/director/outputs/r1/product.png',
    );
  });

  it('defaults to AWS in us-east-1, virtual-hosted style, and DIRECTOR_S3_REGION wins over AWS_REGION', () => {
    const aws = loadDirectorConfig({ DIRECTOR_STORE: 's3://studio-photos' });
    assert.deepEqual(aws.store, {
      kind: 's3',
      bucket: 'studio-photos',
      prefix: '',
      region: 'us-east-1',
      forcePathStyle: false,
    });
    assert.equal(openObjectStore(aws).uri, 's3://studio-photos');
    const regional = loadDirectorConfig({
      DIRECTOR_STORE: 's3://studio-photos',
      DIRECTOR_S3_REGION: 'ap-south-1',
      AWS_REGION: 'eu-west-1',
      DIRECTOR_S3_FORCE_PATH_STYLE: 'true',
    });
    assert.equal(regional.store.kind === 's3' && regional.store.region, 'ap-south-1');
    assert.equal(regional.store.kind === 's3' && regional.store.forcePathStyle, true);
  });

  it('reads `store` from the settings file, and DIRECTOR_STORE overrides it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'director-settings-'));
    dirs.push(dir);
    const file = path.join(dir, 'director.config.json');
    await writeFile(file, JSON.stringify({ store: 's3://from-file/p' }));
    const fromFile = loadDirectorConfig({ DIRECTOR_CONFIG: file });
    assert.equal(fromFile.store.kind === 's3' && fromFile.store.bucket, 'from-file');
    const overridden = loadDirectorConfig({ DIRECTOR_CONFIG: file, DIRECTOR_STORE: 's3://from-env' });
    assert.equal(overridden.store.kind === 's3' && overridden.store.bucket, 'from-env');
    await writeFile(file, JSON.stringify({ store: 'ftp://nope' }));
    assert.throws(
      () => loadDirectorConfig({ DIRECTOR_CONFIG: file }),
      /store in .*director\.config\.json: 'ftp:\/\/nope'/,
    );
  });

  const invalid: [string, Record<string, string>, RegExp][] = [
    ['a store that is not s3://', { DIRECTOR_STORE: '/some/folder' }, /DIRECTOR_STORE: '\/some\/folder'/],
    [
      'an invalid bucket name',
      { DIRECTOR_STORE: 's3://No_Such' },
      /DIRECTOR_STORE: 's3:\/\/No_Such'.*bucket 'No_Such'/,
    ],
    [
      'a prefix that climbs',
      { DIRECTOR_STORE: 's3://photos/../x' },
      /DIRECTOR_STORE: 's3:\/\/photos\/\.\.\/x'/,
    ],
    [
      'an endpoint that is not a URL',
      { DIRECTOR_STORE: 's3://photos', DIRECTOR_S3_ENDPOINT: '127.0.0.1:7070' },
      /DIRECTOR_S3_ENDPOINT: '127\.0\.0\.1:7070'/,
    ],
    [
      'credentials in the endpoint',
      { DIRECTOR_STORE: 's3://photos', DIRECTOR_S3_ENDPOINT: 'http://key:secret@127.0.0.1:7070' },
      /DIRECTOR_S3_ENDPOINT: credentials do not go in the endpoint/,
    ],
    [
      'a region with spaces',
      { DIRECTOR_STORE: 's3://photos', DIRECTOR_S3_REGION: 'us east' },
      /DIRECTOR_S3_REGION: 'us east'/,
    ],
    [
      'a path style that is not a boolean',
      { DIRECTOR_STORE: 's3://photos', DIRECTOR_S3_FORCE_PATH_STYLE: 'yes' },
      /DIRECTOR_S3_FORCE_PATH_STYLE: 'yes' must be true or false/,
    ],
  ];
  for (const [what, env, message] of invalid) {
    it(`refuses ${what}, naming the variable and the value`, () => {
      assert.throws(() => loadDirectorConfig(env), message);
    });
  }
});

describe('director config with an S3 store', () => {
  it('shows the store, endpoint and region, and which AWS credentials are set, never their values', () => {
    const secret = 'very-secret-access-key-0042';
    const restore = withEnv({
      DIRECTOR_STORE: 's3://studio-photos/linn',
      DIRECTOR_S3_ENDPOINT: 'http://127.0.0.1:7070',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEY123',
      AWS_SECRET_ACCESS_KEY: secret,
    });
    try {
      const config = effectiveConfig();
      assert.equal(
        config.director && 'store' in config.director && config.director.store,
        's3://studio-photos/linn',
      );
      assert.deepEqual(config.awsCredentials, {
        AWS_ACCESS_KEY_ID: 'set',
        AWS_SECRET_ACCESS_KEY: 'set',
        AWS_SESSION_TOKEN: process.env.AWS_SESSION_TOKEN ? 'set' : 'not set',
        AWS_PROFILE: process.env.AWS_PROFILE || 'not set',
      });
      const text = JSON.stringify(config);
      assert.ok(!text.includes(secret) && !text.includes('AKIAEXAMPLEKEY123'), 'no credential is shown');
    } finally {
      restore();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManifestError, manifestFormatOf, parseManifest } from '../../src/catalog/manifest';

/** The error a manifest throws, or fails the test. */
function problemOf(text: string, format: 'csv' | 'jsonl'): ManifestError {
  try {
    parseManifest(text, format);
  } catch (error: unknown) {
    if (error instanceof ManifestError) return error;
    throw error;
  }
  assert.fail('the manifest parsed without an error');
}

describe('a CSV manifest', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, and numbers rows from 0', () => {
    const text =
      'sku,image,style,brand\r\nA-1,/img/a.jpg,minimal,"Linn, Studio"\n\nB-2,"/img/b ""2"".jpg",,"two\nlines"\n';
    const rows = parseManifest(text, 'csv');
    assert.deepEqual(rows, [
      {
        index: 0,
        line: 2,
        fields: { sku: 'A-1', image: '/img/a.jpg', style: 'minimal', brand: 'Linn, Studio' },
      },
      { index: 1, line: 4, fields: { sku: 'B-2', image: '/img/b "2".jpg', brand: 'two\nlines' } },
    ]);
  });

  it('ignores a byte order mark and blank lines', () => {
    const rows = parseManifest('\uFEFFsku,image\n\nA,/a.jpg\n\n', 'csv');
    assert.deepEqual(rows, [{ index: 0, line: 3, fields: { sku: 'A', image: '/a.jpg' } }]);
  });

  it('names the line and column of an unknown column', () => {
    const error = problemOf('sku,image,colour\nA,/a.jpg,red\n', 'csv');
    assert.equal(error.line, 1);
    assert.equal(error.column, 11);
    assert.match(error.message, /line 1, column 11: unknown column "colour"/);
  });

  it('refuses a header without sku or image, and a column named twice', () => {
    assert.match(problemOf('sku,style\nA,minimal\n', 'csv').message, /no image column/);
    assert.match(problemOf('sku,image,sku\n', 'csv').message, /column 11: column "sku" appears twice/);
  });

  it('names the line and column of a row with too many cells', () => {
    const error = problemOf('sku,image\nA,/a.jpg\nB,/b.jpg,extra\n', 'csv');
    assert.deepEqual([error.line, error.column], [3, 10]);
    assert.match(error.message, /3 cells where the header has 2 columns/);
  });

  it('names where a quoted cell that is never closed opens', () => {
    const error = problemOf('sku,image\nA,"/a.jpg\nB,/b.jpg\n', 'csv');
    assert.deepEqual([error.line, error.column], [2, 3]);
    assert.match(error.message, /never closed/);
  });

  it('refuses a stray quote inside an unquoted cell', () => {
    const error = problemOf('sku,image\nA,/a"b.jpg\n', 'csv');
    assert.deepEqual([error.line, error.column], [2, 5]);
  });

  it('refuses an empty file', () => {
    assert.match(problemOf('\n\n', 'csv').message, /empty/);
  });
});

describe('a JSONL manifest', () => {
  it('reads one object a line, skipping blank lines, values as written', () => {
    const rows = parseManifest(
      '{"sku":"A","image":"/a.jpg","canvasSize":1024}\n\n{"sku":"B","image":"x"}\n',
      'jsonl',
    );
    assert.deepEqual(rows, [
      { index: 0, line: 1, fields: { sku: 'A', image: '/a.jpg', canvasSize: 1024 } },
      { index: 1, line: 3, fields: { sku: 'B', image: 'x' } },
    ]);
  });

  it('names the line and column of broken JSON', () => {
    const error = problemOf('{"sku":"A","image":"/a.jpg"}\n{"sku": "B", "image" "/b.jpg"}\n', 'jsonl');
    assert.equal(error.line, 2);
    assert.equal(error.column, 22);
    assert.match(error.message, /^line 2, column 22: not valid JSON/);
  });

  it('refuses a line that is not an object', () => {
    const error = problemOf('  ["A", "/a.jpg"]\n', 'jsonl');
    assert.deepEqual([error.line, error.column], [1, 3]);
    assert.match(error.message, /one JSON object/);
  });
});

describe('the manifest format', () => {
  it('comes from the extension', () => {
    assert.equal(manifestFormatOf('products.CSV'), 'csv');
    assert.equal(manifestFormatOf('/a/b.jsonl'), 'jsonl');
    assert.equal(manifestFormatOf('b.ndjson'), 'jsonl');
    assert.throws(
      () => manifestFormatOf('products.xlsx'),
      /must be a \.csv or \.jsonl file, got "products\.xlsx"/,
    );
  });
});
